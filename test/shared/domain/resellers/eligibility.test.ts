import { describe, expect, it } from 'vitest';
import { defaultPolicyVersions, policyAt } from '../../../../shared/domain/policy/policy.js';
import {
  decideEligibility,
  eligibilityDrifted,
  type Reseller,
} from '../../../../shared/domain/resellers/eligibility.js';
import { vectors } from '../../../support/fixtures.js';

const policy = policyAt(defaultPolicyVersions, new Date('2026-01-01T00:00:00Z')).parameters;
const brn = '2208162517';
const at = (iso: string) => new Date(iso);

function reseller(over: Partial<Reseller> = {}): Reseller {
  return {
    brn,
    companyName: 'Example',
    existing: false,
    relayOperatorIds: ['kt'],
    status: 'UNCERTIFIED',
    throttle: null,
    version: 1,
    reason: '',
    effectiveAt: '2024-01-01T00:00:00.000Z',
    revision: 1,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...over,
  };
}

const certificate = {
  certificateId: 'C-2025-000001',
  applicationId: 'app_x',
  issuedAt: '2025-01-10T00:00:00.000Z',
  validUntil: '2027-01-10T00:00:00.000Z',
  nextInspectionDue: '2026-01-10T00:00:00.000Z',
};

describe('eligibility decision', () => {
  it('answers UNCERTIFIED with version 0 for a brn never seen, and blocks it', () => {
    const d = decideEligibility(brn, undefined, policy, at('2026-01-01T00:00:00Z'));
    expect(d).toMatchObject({
      brn,
      allowed: false,
      status: 'UNCERTIFIED',
      version: 0,
      throttle: null,
      sanction: null,
    });
  });

  it('allows a CERTIFIED reseller and names its certificate and validity', () => {
    const d = decideEligibility(
      brn,
      reseller({ certificate, version: 3 }),
      policy,
      at('2026-01-01T00:00:00Z'),
    );
    expect(d).toMatchObject({
      allowed: true,
      status: 'CERTIFIED',
      certificateId: 'C-2025-000001',
      validUntil: certificate.validUntil,
      version: 3,
    });
  });

  it('blocks a lapsed certificate as EXPIRED from the instant validity ends', () => {
    const r = reseller({ certificate });
    expect(decideEligibility(brn, r, policy, at('2027-01-09T23:59:59Z')).status).toBe('CERTIFIED');
    expect(decideEligibility(brn, r, policy, at(certificate.validUntil))).toMatchObject({
      status: 'EXPIRED',
      allowed: false,
    });
  });

  it('keeps an existing reseller in GRACE until 2024-11-30T14:59:59Z and throttles it from 15:00:00Z', () => {
    const r = reseller({ existing: true });
    expect(decideEligibility(brn, r, policy, at('2024-11-30T14:59:59Z'))).toMatchObject({
      status: 'GRACE',
      allowed: true,
    });
    expect(decideEligibility(brn, r, policy, at(vectors.instants.existingDeadline))).toMatchObject({
      status: 'THROTTLED',
      allowed: true,
      throttle: { speedPercent: 50, volumePercent: 50 },
    });
  });

  it('keeps GRACE through the extension while an application is pending', () => {
    const r = reseller({ existing: true, pendingApplicationId: 'app_1' });
    expect(decideEligibility(brn, r, policy, at('2024-12-15T00:00:00Z')).status).toBe('GRACE');
  });

  it('blocks an uncertified existing reseller once the extension ends', () => {
    const r = reseller({ existing: true, pendingApplicationId: 'app_1' });
    expect(decideEligibility(brn, r, policy, at('2024-12-31T14:59:59Z')).status).toBe('GRACE');
    expect(decideEligibility(brn, r, policy, at(vectors.instants.extensionEnd))).toMatchObject({
      status: 'UNCERTIFIED',
      allowed: false,
    });
  });

  it('blocks a SUSPENDED reseller with the sanction, then reinstates it when the suspension ends', () => {
    const sanction = {
      sanctionId: 'S-1',
      type: 'SUSPENSION' as const,
      from: '2026-01-01T00:00:00.000Z',
      until: '2026-04-01T00:00:00.000Z',
      reason: 'confirmed illegal gambling spam',
      caseId: 'case_1',
    };
    const r = reseller({ certificate, sanction });
    expect(decideEligibility(brn, r, policy, at('2026-02-01T00:00:00Z'))).toMatchObject({
      status: 'SUSPENDED',
      allowed: false,
      sanction: { sanctionId: 'S-1', type: 'SUSPENSION', caseId: 'case_1', until: sanction.until },
    });
    expect(decideEligibility(brn, r, policy, at(sanction.until))).toMatchObject({
      status: 'CERTIFIED',
      sanction: null,
    });
  });

  it('limits a certified reseller under a throttle sanction', () => {
    const sanction = {
      sanctionId: 'S-2',
      type: 'THROTTLE' as const,
      from: '2026-01-01T00:00:00.000Z',
      until: '2026-02-01T00:00:00.000Z',
      reason: 'spam',
      throttle: { speedPercent: 30, volumePercent: 40 },
    };
    expect(
      decideEligibility(brn, reseller({ certificate, sanction }), policy, at('2026-01-10T00:00:00Z')),
    ).toMatchObject({
      status: 'THROTTLED',
      allowed: true,
      throttle: { speedPercent: 30, volumePercent: 40 },
    });
  });

  it('blocks a REVOKED reseller and says when it may re-apply', () => {
    const r = reseller({
      certificate,
      revokedAt: '2026-01-01T00:00:00.000Z',
      reapplyAfter: '2027-01-01T00:00:00.000Z',
    });
    expect(decideEligibility(brn, r, policy, at('2026-06-01T00:00:00Z'))).toMatchObject({
      status: 'REVOKED',
      allowed: false,
      reapplyAfter: '2027-01-01T00:00:00.000Z',
    });
  });

  it('reports drift when time moved a reseller past a deadline the registry has not announced', () => {
    const r = reseller({ existing: true, status: 'GRACE' });
    expect(eligibilityDrifted(r, policy, at('2024-11-01T00:00:00Z'))).toBe(false);
    expect(eligibilityDrifted(r, policy, at('2024-12-01T00:00:00Z'))).toBe(true);
  });
});

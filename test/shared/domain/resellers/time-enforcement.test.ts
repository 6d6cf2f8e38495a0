import { describe, expect, it } from 'vitest';
import { defaultPolicyVersions, policyAt } from '../../../../shared/domain/policy/policy.js';
import { issuedCertificate } from '../../../../shared/domain/renewals/renewal.js';
import {
  type Certificate,
  decideEligibility,
  nextDueAt,
  type Reseller,
} from '../../../../shared/domain/resellers/eligibility.js';
import { enforceEligibility } from '../../../../shared/domain/resellers/time-enforcement.js';
import { fakeDeps } from '../../../support/fakes.js';
import { certifiedReseller, seedRelays } from '../../../support/fakes-sanctions.js';

const BRN = '2208162517';
const VALID_UNTIL = '2027-06-01T00:00:00.000Z';
const policy = policyAt(defaultPolicyVersions, new Date('2027-05-01T00:00:00Z')).parameters;

/** A reseller whose renewal was approved at `approvedAt`, as finalize stores it. */
function renewedAhead(approvedAt: string) {
  const deps = fakeDeps();
  seedRelays(deps.store);
  const current = certifiedReseller(deps.store, BRN);
  const { certificate, continues } = issuedCertificate({
    app: { applicationId: 'app_renewal', kind: 'RENEWAL' },
    current: current.certificate,
    certificateId: 'C-2027-000042',
    now: new Date(approvedAt),
    policy,
  });
  const reseller: Reseller = continues
    ? { ...current, nextCertificate: certificate, dueAt: VALID_UNTIL }
    : { ...current, certificate };
  deps.store.resellers.set(BRN, structuredClone(reseller));
  return { deps, reseller, certificate, continues };
}

const decision = (r: Reseller, at: string) => decideEligibility(BRN, r, policy, new Date(at));

describe('a renewal approved ahead of validUntil', () => {
  it('approved one second before validUntil, it waits; approved one second after, it starts at once', () => {
    const before = renewedAhead('2027-05-31T23:59:59.000Z');
    expect(before.continues).toBe(true);
    expect(before.certificate).toMatchObject({
      validFrom: VALID_UNTIL,
      previousCertificateId: 'C-2025-162517',
    });
    const after = renewedAhead('2027-06-01T00:00:01.000Z');
    expect(after.continues).toBe(false);
    expect(after.certificate.validFrom).toBeUndefined();
    expect(after.certificate.issuedAt).toBe('2027-06-01T00:00:01.000Z');
  });

  it('answers with the old certificate before validUntil and the new one at and after it, CERTIFIED throughout', () => {
    const { reseller, certificate } = renewedAhead('2027-05-31T23:59:59.000Z');
    expect(decision(reseller, '2027-05-31T23:59:59.999Z')).toMatchObject({
      status: 'CERTIFIED',
      certificateId: 'C-2025-162517',
      validUntil: VALID_UNTIL,
    });
    for (const at of [VALID_UNTIL, '2027-06-01T00:00:01.000Z']) {
      expect(decision(reseller, at)).toMatchObject({
        status: 'CERTIFIED',
        allowed: true,
        certificateId: certificate.certificateId,
        validUntil: certificate.validUntil,
        reason: `certificate ${certificate.certificateId} active`,
      });
    }
  });

  it('makes validUntil the reseller’s next instant', () => {
    const { reseller } = renewedAhead('2027-05-20T00:00:00.000Z');
    const noInspection = { ...reseller, inspectionOverdueSince: '2026-12-01T00:00:00.000Z' };
    expect(nextDueAt(noInspection, policy, new Date('2027-05-20T00:00:00Z'))).toBe(VALID_UNTIL);
  });

  it('switches the certificate at the instant: new id, validity and revision, audited and announced to the reseller', async () => {
    const { deps, certificate } = renewedAhead('2027-05-31T23:59:59.000Z');
    deps.clock.set('2027-05-31T23:59:59.999Z');
    await enforceEligibility(deps, BRN, 'system:trigger');
    expect(deps.store.resellers.get(BRN)?.certificate?.certificateId).toBe('C-2025-162517');
    // The trigger runs a little late: the switch is still dated at its instant.
    deps.clock.set('2027-06-01T00:00:02.000Z');
    const result = await enforceEligibility(deps, BRN, 'system:trigger');
    const stored = deps.store.resellers.get(BRN)!;
    expect(stored.certificate).toEqual<Certificate>(certificate);
    expect(stored.certificate?.revision).toBe(1);
    expect(stored).not.toHaveProperty('nextCertificate');
    expect(stored.status).toBe('CERTIFIED');
    expect(stored.dueAt).not.toBe(VALID_UNTIL);
    expect(result.changed).toBe(false);
    expect(deps.store.feed).toEqual([]);
    expect(deps.store.audit).toContainEqual({
      entity: `reseller#${BRN}`,
      at: VALID_UNTIL,
      actor: 'system:trigger',
      action: 'CERTIFICATE_RENEWED',
      detail: {
        certificateId: certificate.certificateId,
        previousCertificateId: 'C-2025-162517',
        validFrom: VALID_UNTIL,
        validUntil: certificate.validUntil,
        revision: 1,
      },
    });
    expect(deps.store.notifications).toContainEqual(
      expect.objectContaining({ kind: 'CERTIFICATE_RENEWED', at: VALID_UNTIL }),
    );
    // Idempotent: a second firing commits nothing more.
    const audits = deps.store.audit.length;
    await enforceEligibility(deps, BRN, 'system:trigger');
    expect(deps.store.audit).toHaveLength(audits);
  });
});

import { describe, expect, it } from 'vitest';
import { nextEligibilityChange } from '../../../../shared/domain/attestations/next-change.js';
import { resellerFixture } from '../../../support/fixtures.js';

const policy = { existingDeadline: '2024-11-30T15:00:00.000Z', extensionEnd: '2024-12-31T15:00:00.000Z' };
const at = (iso: string) => new Date(iso);

describe('the next time-driven eligibility change', () => {
  it('is the grace deadline, then the extension end, for an existing reseller without a certificate', () => {
    const r = resellerFixture('2208162517');
    expect(nextEligibilityChange(r, policy, at('2024-10-01T00:00:00Z'))?.toISOString()).toBe(
      policy.existingDeadline,
    );
    expect(nextEligibilityChange(r, policy, at('2024-12-01T00:00:00Z'))?.toISOString()).toBe(
      policy.extensionEnd,
    );
    expect(nextEligibilityChange(r, policy, at('2025-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('is the certificate’s end or a sanction’s start or end, whichever comes first', () => {
    const r = resellerFixture('2208162517', {
      existing: false,
      certificate: {
        certificateId: 'C-1',
        applicationId: 'a',
        issuedAt: '2026-01-01T00:00:00.000Z',
        validUntil: '2028-01-01T00:00:00.000Z',
        nextInspectionDue: '2026-06-01T00:00:00.000Z',
      },
      sanction: {
        sanctionId: 's',
        type: 'THROTTLE',
        from: '2026-03-01T00:00:00.000Z',
        until: '2026-04-01T00:00:00.000Z',
        reason: 'spam',
      },
    });
    // An inspection due changes no eligibility: it is not a candidate.
    expect(nextEligibilityChange(r, policy, at('2026-02-01T00:00:00Z'))?.toISOString()).toBe(
      '2026-03-01T00:00:00.000Z',
    );
    expect(nextEligibilityChange(r, policy, at('2026-03-15T00:00:00Z'))?.toISOString()).toBe(
      '2026-04-01T00:00:00.000Z',
    );
    expect(nextEligibilityChange(r, policy, at('2026-05-01T00:00:00Z'))?.toISOString()).toBe(
      '2028-01-01T00:00:00.000Z',
    );
    const closing = { ...r, closedAt: '2026-07-01T00:00:00.000Z' };
    expect(nextEligibilityChange(closing, policy, at('2026-05-01T00:00:00Z'))?.toISOString()).toBe(
      '2026-07-01T00:00:00.000Z',
    );
  });

  it('is the end of the re-application bar for a revoked reseller, and nothing for an unknown one', () => {
    const r = resellerFixture('2208162517', {
      revokedAt: '2026-01-01T00:00:00.000Z',
      reapplyAfter: '2027-01-01T00:00:00.000Z',
      sanction: {
        sanctionId: 's',
        type: 'REVOCATION',
        from: '2026-01-01T00:00:00.000Z',
        until: null,
        reason: 'x',
      },
    });
    expect(nextEligibilityChange(r, policy, at('2026-02-01T00:00:00Z'))?.toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect(nextEligibilityChange(undefined, policy, at('2026-02-01T00:00:00Z'))).toBeUndefined();
  });
});

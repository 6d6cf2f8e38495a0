import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../shared/domain/core/errors.js';
import { defaultPolicyVersions, policyAt } from '../../../../shared/domain/policy/policy.js';
import { announce, noticeTypeFor } from '../../../../shared/domain/resellers/announce-change.js';
import {
  decideEligibility,
  type Reseller,
  stricterThrottle,
} from '../../../../shared/domain/resellers/eligibility.js';
import { enforceEligibility } from '../../../../shared/domain/resellers/time-enforcement.js';
import { imposeSanction } from '../../../../shared/domain/sanctions/sanctions.js';
import { FakeClock, FakeStore, fakeDeps, principals } from '../../../support/fakes.js';
import { seedRelays } from '../../../support/fakes-sanctions.js';
import { resellerFixture } from '../../../support/fixtures.js';

const BRN = '2208162517';
const policy = policyAt(defaultPolicyVersions, new Date('2024-10-01T00:00:00Z')).parameters;

function existingIn(deps: ReturnType<typeof fakeDeps>, over: Partial<Reseller> = {}) {
  seedRelays(deps.store);
  const r = resellerFixture(BRN, { status: 'GRACE', version: 1, ...over });
  deps.store.resellers.set(BRN, r);
  return r;
}

describe('a sanction on a reseller that is not certified', () => {
  it('gives THROTTLED with the sanction’s percentages to a GRACE reseller, announced reseller.throttled', async () => {
    const deps = fakeDeps(new FakeStore(), new FakeClock(new Date('2024-10-01T00:00:00Z')));
    existingIn(deps);
    await imposeSanction(deps, principals.reviewer(), BRN, {
      type: 'THROTTLE',
      reason: 'spam burst',
      speedPercent: 30,
      volumePercent: 70,
      until: '2025-03-01T00:00:00Z',
    });
    const r = deps.store.resellers.get(BRN)!;
    expect(decideEligibility(BRN, r, policy, new Date('2024-10-01T00:00:01Z'))).toMatchObject({
      status: 'THROTTLED',
      allowed: true,
      throttle: { speedPercent: 30, volumePercent: 70 },
    });
    expect(deps.store.feed.at(-1)).toMatchObject({
      noticeType: 'reseller.throttled',
      until: '2025-03-01T00:00:00.000Z',
    });
  });

  it('takes the stricter value of each percentage when the extension throttle and a sanction overlap', () => {
    const r = resellerFixture(BRN, {
      sanction: {
        sanctionId: 'snc_1',
        type: 'THROTTLE',
        from: '2024-10-01T00:00:00.000Z',
        until: '2025-03-01T00:00:00.000Z',
        reason: 'spam',
        throttle: { speedPercent: 30, volumePercent: 70 },
      },
    });
    // 14:59:59Z on 30 Nov is still GRACE: the sanction's own 30/70.
    expect(decideEligibility(BRN, r, policy, new Date('2024-11-30T14:59:59Z')).throttle).toEqual({
      speedPercent: 30,
      volumePercent: 70,
    });
    // 15:00:00Z: the extension's 50/50 meets it; the stricter of each wins.
    expect(decideEligibility(BRN, r, policy, new Date('2024-11-30T15:00:00Z')).throttle).toEqual({
      speedPercent: 30,
      volumePercent: 50,
    });
    expect(
      stricterThrottle({ speedPercent: 50, volumePercent: 20 }, { speedPercent: 10, volumePercent: 90 }),
    ).toEqual({
      speedPercent: 10,
      volumePercent: 20,
    });
  });

  it('suspends a GRACE reseller and, at the suspension’s end, returns it to what time then says', async () => {
    const deps = fakeDeps(new FakeStore(), new FakeClock(new Date('2024-11-20T00:00:00Z')));
    existingIn(deps);
    await imposeSanction(deps, principals.reviewer(), BRN, {
      type: 'SUSPENSION',
      reason: 'phishing',
      until: '2024-12-05T03:00:00Z',
    });
    expect(deps.store.resellers.get(BRN)!.status).toBe('SUSPENDED');
    // The trigger runs late, after the deadline and the suspension's end: one change per instant.
    deps.clock.set('2024-12-06T00:00:00Z');
    const result = await enforceEligibility(deps, BRN, 'system:trigger');
    expect(result.instants).toEqual(['2024-12-05T03:00:00.000Z']);
    expect(deps.store.feed.at(-1)).toMatchObject({
      status: 'THROTTLED',
      throttle: { speedPercent: 50, volumePercent: 50 },
      noticeType: 'reseller.reinstated',
      effectiveAt: '2024-12-05T03:00:00.000Z',
      until: '2024-12-31T15:00:00.000Z',
    });
    // Run again (a duplicate trigger, the sweep): nothing is committed twice.
    const feed = deps.store.feed.length;
    await enforceEligibility(deps, BRN, 'system:sweep');
    expect(deps.store.feed).toHaveLength(feed);
  });

  it('refuses a suspension of an UNCERTIFIED reseller with 409 and stores nothing', async () => {
    const deps = fakeDeps(new FakeStore(), new FakeClock(new Date('2025-02-01T00:00:00Z')));
    existingIn(deps, { status: 'UNCERTIFIED' });
    await expect(
      imposeSanction(deps, principals.reviewer(), BRN, { type: 'SUSPENSION', reason: 'x' }),
    ).rejects.toThrow(ConflictError);
    expect(deps.store.commits).toBe(0);
  });

  it('refuses a throttle of a REVOKED reseller', async () => {
    const deps = fakeDeps(new FakeStore(), new FakeClock(new Date('2025-02-01T00:00:00Z')));
    existingIn(deps, { status: 'REVOKED', revokedAt: '2025-01-10T00:00:00.000Z' });
    await expect(
      imposeSanction(deps, principals.reviewer(), BRN, { type: 'THROTTLE', reason: 'x' }),
    ).rejects.toThrow(ConflictError);
  });
});

describe('notice types', () => {
  it('announces an import as reseller.grace or reseller.throttled, never reseller.certified', () => {
    const facts = resellerFixture(BRN);
    const before = announce(undefined, facts, policy, new Date('2024-10-01T00:00:00Z'), { cause: 'IMPORT' });
    expect(before.change).toMatchObject({ noticeType: 'reseller.grace', until: '2024-11-30T15:00:00.000Z' });
    const during = announce(undefined, facts, policy, new Date('2024-12-10T00:00:00Z'), { cause: 'IMPORT' });
    expect(during.change).toMatchObject({
      noticeType: 'reseller.throttled',
      until: '2024-12-31T15:00:00.000Z',
    });
  });

  it('follows the transition table', () => {
    expect(noticeTypeFor('THROTTLED', 'CERTIFIED', 'APPROVAL')).toBe('reseller.certified');
    expect(noticeTypeFor('EXPIRED', 'CERTIFIED', 'APPROVAL')).toBe('reseller.certified');
    expect(noticeTypeFor('SUSPENDED', 'CERTIFIED', 'SANCTION_END')).toBe('reseller.reinstated');
    expect(noticeTypeFor('SUSPENDED', 'GRACE', 'SANCTION_END')).toBe('reseller.reinstated');
    expect(noticeTypeFor('SUSPENDED', 'THROTTLED', 'SANCTION_END')).toBe('reseller.reinstated');
    expect(noticeTypeFor('GRACE', 'THROTTLED', 'TIME')).toBe('reseller.throttled');
    expect(noticeTypeFor('THROTTLED', 'UNCERTIFIED', 'TIME')).toBe('reseller.blocked');
    expect(noticeTypeFor('CERTIFIED', 'UNCERTIFIED', 'TIME')).toBe('reseller.blocked');
    expect(noticeTypeFor('CERTIFIED', 'EXPIRED', 'TIME')).toBe('reseller.expired');
    expect(noticeTypeFor('CERTIFIED', 'SUSPENDED', 'SANCTION')).toBe('reseller.suspended');
    expect(noticeTypeFor('CERTIFIED', 'REVOKED', 'SANCTION')).toBe('reseller.revoked');
  });
});

describe('instants at the KST boundaries', () => {
  const certified = resellerFixture(BRN, {
    existing: false,
    certificate: {
      certificateId: 'C-2025-000001',
      applicationId: 'app_1',
      issuedAt: '2025-01-10T00:00:00.000Z',
      validUntil: '2027-01-10T15:00:00.000Z',
      nextInspectionDue: '2026-01-10T15:00:00.000Z',
    },
  });

  it('keeps a certificate valid through 14:59:59Z of its last day and lapses it at 15:00:00Z', () => {
    expect(decideEligibility(BRN, certified, policy, new Date('2027-01-10T14:59:59Z')).status).toBe(
      'CERTIFIED',
    );
    expect(decideEligibility(BRN, certified, policy, new Date('2027-01-10T15:00:00Z')).status).toBe(
      'EXPIRED',
    );
  });

  it('blocks an existing non-applicant at 15:00:00Z on 31 December, not a second earlier', () => {
    const r = resellerFixture(BRN);
    expect(decideEligibility(BRN, r, policy, new Date('2024-12-31T14:59:59Z')).status).toBe('THROTTLED');
    expect(decideEligibility(BRN, r, policy, new Date('2024-12-31T15:00:00Z')).status).toBe('UNCERTIFIED');
  });
});

describe('the end of a re-application bar', () => {
  it('is recorded at its instant and told to the reseller, with no feed entry (it stays REVOKED)', async () => {
    const deps = fakeDeps(new FakeStore(), new FakeClock(new Date('2025-06-01T00:00:00Z')));
    existingIn(deps, {
      status: 'REVOKED',
      revokedAt: '2024-06-10T00:00:00.000Z',
      reapplyAfter: '2025-06-10T15:00:00.000Z',
      dueAt: '2025-06-10T15:00:00.000Z',
    });
    deps.clock.set('2025-06-10T15:00:02Z');
    await enforceEligibility(deps, BRN, 'system:trigger');
    const r = deps.store.resellers.get(BRN)!;
    expect(r).toMatchObject({ status: 'REVOKED', reapplyBarEndedAt: '2025-06-10T15:00:00.000Z' });
    expect(r.dueAt).toBeUndefined();
    expect(deps.store.feed).toHaveLength(0);
    expect(deps.store.notifications.map((n) => n.kind)).toEqual(['REAPPLICATION_BAR_ENDED']);
    expect(deps.store.audit.map((a) => [a.action, a.at])).toEqual([
      ['REAPPLICATION_BAR_ENDED', '2025-06-10T15:00:00.000Z'],
    ]);
  });
});

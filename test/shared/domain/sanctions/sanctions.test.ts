import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../../../shared/domain/core/errors.js';
import { defaultPolicyVersions, policyAt } from '../../../../shared/domain/policy/policy.js';
import { decideEligibility } from '../../../../shared/domain/resellers/eligibility.js';
import { sweepDue } from '../../../../shared/domain/resellers/time-enforcement.js';
import {
  imposeSanction,
  liftSanction,
  listSanctions,
  sanctionTerms,
} from '../../../../shared/domain/sanctions/sanctions.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { certifiedReseller, fakeOutbox, seedRelays } from '../../../support/fakes-sanctions.js';

const impose = async (...args: Parameters<typeof imposeSanction>) => (await imposeSanction(...args)).sanction;
const lift = async (...args: Parameters<typeof liftSanction>) => (await liftSanction(...args)).sanction;
const BRN = '2208162517';
const NOW = '2026-01-15T00:00:00.000Z';
const ladder = policyAt(defaultPolicyVersions, new Date('2026-01-01T00:00:00Z')).parameters.sanctionLadder;

function setup() {
  const deps = fakeDeps();
  seedRelays(deps.store);
  certifiedReseller(deps.store, BRN);
  return deps;
}

const notices = (deps: ReturnType<typeof setup>) => [...fakeOutbox(deps.store).notices.values()];

describe('imposing a sanction', () => {
  it('suspends at once from now until the ladder’s 90 days, and tells every relay in the same commit', async () => {
    const deps = setup();
    const s = await impose(deps, principals.reviewer(), BRN, {
      type: 'SUSPENSION',
      reason: 'inspection failed: 3.4, 4.1',
    });
    expect(s).toMatchObject({ type: 'SUSPENSION', from: NOW, until: '2026-04-15T00:00:00.000Z', brn: BRN });
    const r = deps.store.resellers.get(BRN)!;
    expect(r).toMatchObject({
      status: 'SUSPENDED',
      version: 2,
      standing: { status: 'SUSPENDED', since: NOW },
      dueAt: '2026-04-15T00:00:00.000Z',
    });
    expect(deps.store.commits).toBe(1);
    expect(deps.store.feed).toEqual([
      expect.objectContaining({
        status: 'SUSPENDED',
        noticeType: 'reseller.suspended',
        sanctionId: s.sanctionId,
        until: '2026-04-15T00:00:00.000Z',
      }),
    ]);
    expect(notices(deps)).toHaveLength(10);
    expect(new Set(notices(deps).map((n) => n.relayId)).size).toBe(10);
    expect(deps.store.audit.map((a) => a.action)).toEqual(['SANCTION_IMPOSED', 'ELIGIBILITY_CHANGED']);
  });

  it('throttles a certified reseller with the ladder’s 50/50 unless told otherwise', async () => {
    const deps = setup();
    await impose(deps, principals.reviewer(), BRN, { type: 'THROTTLE', reason: 'r' });
    expect(deps.store.resellers.get(BRN)).toMatchObject({
      status: 'THROTTLED',
      throttle: { speedPercent: 50, volumePercent: 50 },
    });
    const other = setup();
    await imposeSanction(other, principals.reviewer(), BRN, {
      type: 'THROTTLE',
      reason: 'r',
      speedPercent: 30,
      volumePercent: 20,
      until: '2026-02-01T00:00:00Z',
    });
    expect(other.store.resellers.get(BRN)).toMatchObject({
      throttle: { speedPercent: 30, volumePercent: 20 },
      sanction: { until: '2026-02-01T00:00:00Z' },
    });
    expect(other.store.feed[0]?.noticeType).toBe('reseller.throttled');
  });

  it('records a warning but announces nothing: no eligibility change, no feed entry, no notice', async () => {
    const deps = setup();
    const s = await impose(deps, principals.reviewer(), BRN, { type: 'WARNING', reason: 'first spam' });
    expect(s.until).toBeNull();
    expect(deps.store.sanctions.get(s.sanctionId)).toBeDefined();
    expect(deps.store.resellers.get(BRN)).toMatchObject({ status: 'CERTIFIED', version: 1, revision: 1 });
    expect(deps.store.feed).toEqual([]);
    expect(notices(deps)).toEqual([]);
  });

  it('lets only the committee revoke: a reviewer gets 403 and nothing is written', async () => {
    const deps = setup();
    await expect(
      impose(deps, principals.reviewer(), BRN, { type: 'REVOCATION', reason: 'r' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(deps.store.commits).toBe(0);
  });

  it('revokes: certificate cancelled, re-application barred for reapplyBarMonths, standing REVOKED', async () => {
    const deps = setup();
    const s = await impose(deps, principals.committee(), BRN, { type: 'REVOCATION', reason: 'repeat' });
    const r = deps.store.resellers.get(BRN)!;
    expect(r).toMatchObject({
      status: 'REVOKED',
      revokedAt: NOW,
      // The bar ends at the end of its last KST day; its end is the reseller's next instant.
      reapplyAfter: '2027-01-15T15:00:00.000Z',
      standing: { status: 'REVOKED', since: NOW },
    });
    expect(r.certificate).toBeUndefined();
    expect(r.dueAt).toBe('2027-01-15T15:00:00.000Z');
    const policy = policyAt(defaultPolicyVersions, new Date('2026-01-01T00:00:00Z')).parameters;
    expect(decideEligibility(BRN, r, policy, new Date(NOW))).toMatchObject({
      allowed: false,
      status: 'REVOKED',
      reapplyAfter: '2027-01-15T15:00:00.000Z',
      sanction: { sanctionId: s.sanctionId, type: 'REVOCATION' },
    });
    expect(deps.store.feed[0]).toMatchObject({ noticeType: 'reseller.revoked', sanctionId: s.sanctionId });
    expect(deps.store.audit[0]?.detail).toMatchObject({ cancelledCertificateId: 'C-2025-162517' });
  });

  it('refuses a milder sanction while a harsher one is in force (409), but accepts a warning', async () => {
    const deps = setup();
    await impose(deps, principals.reviewer(), BRN, { type: 'SUSPENSION', reason: 'r' });
    await expect(
      impose(deps, principals.reviewer(), BRN, { type: 'THROTTLE', reason: 'r' }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      impose(deps, principals.reviewer(), BRN, { type: 'WARNING', reason: 'r' }),
    ).resolves.toMatchObject({ type: 'WARNING' });
    expect(deps.store.resellers.get(BRN)?.status).toBe('SUSPENDED');
  });

  it('refuses any sanction on a revoked reseller (409) and on an unknown one (404)', async () => {
    const deps = setup();
    await impose(deps, principals.committee(), BRN, { type: 'REVOCATION', reason: 'r' });
    await expect(
      impose(deps, principals.reviewer(), BRN, { type: 'WARNING', reason: 'r' }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      impose(deps, principals.reviewer(), '1248100998', { type: 'WARNING', reason: 'r' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('names the field when the terms do not fit the type', () => {
    const now = new Date(NOW);
    expect(() =>
      sanctionTerms({ type: 'WARNING', until: '2026-02-01T00:00:00Z' }, ladder, now, 'body'),
    ).toThrow(ValidationError);
    try {
      sanctionTerms(
        { type: 'SUSPENSION', until: '2025-01-01T00:00:00Z', speedPercent: 10 },
        ladder,
        now,
        'body',
      );
    } catch (e) {
      expect((e as ValidationError).errors).toEqual([
        { path: 'body.until', message: 'must be in the future' },
        { path: 'body.speedPercent', message: 'applies to a THROTTLE only' },
      ]);
    }
  });

  it('is reinstated by the daily sweep once the suspension’s until has passed', async () => {
    const deps = setup();
    await impose(deps, principals.reviewer(), BRN, {
      type: 'SUSPENSION',
      reason: 'r',
      until: '2026-01-20T00:00:00Z',
    });
    deps.clock.set('2026-01-20T00:00:01Z');
    await sweepDue(deps);
    expect(deps.store.resellers.get(BRN)).toMatchObject({ status: 'CERTIFIED', version: 3 });
    expect(deps.store.resellers.get(BRN)?.sanction).toBeUndefined();
    expect(deps.store.feed.at(-1)?.noticeType).toBe('reseller.reinstated');
  });
});

describe('lifting a sanction', () => {
  it('reinstates at once and sends every relay a reinstated notice that belongs to the sanction', async () => {
    const deps = setup();
    const s = await impose(deps, principals.reviewer(), BRN, { type: 'SUSPENSION', reason: 'r' });
    deps.clock.set('2026-01-16T00:00:00Z');
    const lifted = await lift(deps, principals.reviewer(), s.sanctionId, { reason: 'remediated' });
    expect(lifted).toMatchObject({
      liftedAt: '2026-01-16T00:00:00.000Z',
      liftReason: 'remediated',
      revision: 2,
    });
    const r = deps.store.resellers.get(BRN)!;
    expect(r).toMatchObject({ status: 'CERTIFIED', version: 3 });
    expect(r.sanction).toBeUndefined();
    // The suspension ended at the lift; the reseller still counts for ghost screening in the window.
    expect(r.standing).toEqual({ status: 'SUSPENDED', since: NOW, until: '2026-01-16T00:00:00.000Z' });
    expect(deps.store.feed.at(-1)).toMatchObject({
      noticeType: 'reseller.reinstated',
      sanctionId: s.sanctionId,
    });
    expect(notices(deps).filter((n) => n.sanctionId === s.sanctionId)).toHaveLength(20);
  });

  it('answers 409 for a sanction lifted already, a warning, a revocation, or one that has ended', async () => {
    const deps = setup();
    const s = await impose(deps, principals.reviewer(), BRN, {
      type: 'THROTTLE',
      reason: 'r',
      until: '2026-01-20T00:00:00Z',
    });
    const w = await impose(deps, principals.reviewer(), BRN, { type: 'WARNING', reason: 'r' });
    await liftSanction(deps, principals.reviewer(), s.sanctionId, { reason: 'x' });
    await expect(
      liftSanction(deps, principals.reviewer(), s.sanctionId, { reason: 'x' }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      liftSanction(deps, principals.reviewer(), w.sanctionId, { reason: 'x' }),
    ).rejects.toBeInstanceOf(ConflictError);
    const ended = await impose(deps, principals.reviewer(), BRN, {
      type: 'THROTTLE',
      reason: 'r',
      until: '2026-01-20T00:00:00Z',
    });
    deps.clock.set('2026-01-21T00:00:00Z');
    await expect(
      liftSanction(deps, principals.reviewer(), ended.sanctionId, { reason: 'x' }),
    ).rejects.toBeInstanceOf(ConflictError);
    const rev = await impose(deps, principals.committee(), BRN, { type: 'REVOCATION', reason: 'r' });
    await expect(
      liftSanction(deps, principals.committee(), rev.sanctionId, { reason: 'x' }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      liftSanction(deps, principals.committee(), 'snc_nope', { reason: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('a sanction the committee decided', () => {
  const suspendByCommittee = (deps: ReturnType<typeof setup>) =>
    impose(deps, principals.committee(), BRN, {
      type: 'SUSPENSION',
      reason: 'committee ruling',
      until: '2026-04-15T00:00:00Z',
    });

  it('records which role decided each sanction', async () => {
    const deps = setup();
    const byReviewer = await impose(deps, principals.reviewer(), BRN, { type: 'THROTTLE', reason: 'r' });
    expect(byReviewer.decidedBy).toBe('reviewer');
    const byCommittee = await suspendByCommittee(deps);
    expect(byCommittee.decidedBy).toBe('committee');
    expect(deps.store.resellers.get(BRN)?.sanction).toMatchObject({ decidedBy: 'committee' });
  });

  it('refuses a reviewer lifting a committee sanction (403); the committee may', async () => {
    const deps = setup();
    const s = await suspendByCommittee(deps);
    await expect(
      liftSanction(deps, principals.reviewer(), s.sanctionId, { reason: 'x' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(deps.store.resellers.get(BRN)).toMatchObject({ status: 'SUSPENDED' });
    const lifted = await lift(deps, principals.committee(), s.sanctionId, { reason: 'remediated' });
    expect(lifted.liftedAt).toBeDefined();
  });

  it('refuses a reviewer shortening a committee sanction with a new one (403)', async () => {
    const deps = setup();
    await suspendByCommittee(deps);
    await expect(
      imposeSanction(deps, principals.reviewer(), BRN, {
        type: 'SUSPENSION',
        reason: 'shorter',
        until: '2026-02-01T00:00:00Z',
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // As long or longer is not a shortening.
    const longer = await impose(deps, principals.reviewer(), BRN, {
      type: 'SUSPENSION',
      reason: 'longer',
      until: '2026-05-01T00:00:00Z',
    });
    expect(longer.decidedBy).toBe('reviewer');
  });

  it('refuses a reviewer replacing a committee throttle with a milder one (403)', async () => {
    const deps = setup();
    await impose(deps, principals.committee(), BRN, {
      type: 'THROTTLE',
      reason: 'committee ruling',
      until: '2026-04-15T00:00:00Z',
      speedPercent: 20,
      volumePercent: 20,
    });
    await expect(
      imposeSanction(deps, principals.reviewer(), BRN, {
        type: 'THROTTLE',
        reason: 'milder',
        until: '2026-05-15T00:00:00Z',
        speedPercent: 50,
        volumePercent: 20,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      imposeSanction(deps, principals.committee(), BRN, {
        type: 'THROTTLE',
        reason: 'the committee may',
        until: '2026-02-15T00:00:00Z',
        speedPercent: 50,
        volumePercent: 50,
      }),
    ).resolves.toBeDefined();
  });
});

describe('listing sanctions', () => {
  it('lists newest first with their state; staff see who imposed them, relays and the owner do not', async () => {
    const deps = setup();
    const w = await impose(deps, principals.reviewer(), BRN, { type: 'WARNING', reason: 'r' });
    deps.clock.set('2026-01-16T00:00:00Z');
    const t = await impose(deps, principals.reviewer(), BRN, { type: 'THROTTLE', reason: 'r' });
    const page = await listSanctions(deps, principals.relay(), BRN, { limit: 10 });
    expect(page.items.map((s) => [s.sanctionId, s.state])).toEqual([
      [t.sanctionId, 'IN_FORCE'],
      [w.sanctionId, 'ISSUED'],
    ]);
    expect(page.items[0]).not.toHaveProperty('imposedBy');
    const staff = await listSanctions(deps, principals.regulator(), BRN, { limit: 10 });
    expect(staff.items[0]).toMatchObject({ imposedBy: 'reviewer:sub-reviewer' });
    await expect(listSanctions(deps, principals.reseller(BRN), BRN, { limit: 10 })).resolves.toMatchObject({
      items: expect.any(Array),
    });
  });

  it('answers 404 to another reseller', async () => {
    const deps = setup();
    await expect(
      listSanctions(deps, principals.reseller('1248100998'), BRN, { limit: 10 }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

import { describe, expect, it } from 'vitest';
import { decideCase } from '../../../../shared/domain/cases/case-decision.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../../../shared/domain/core/errors.js';
import { imposeSanction } from '../../../../shared/domain/sanctions/sanctions.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { certifiedReseller, fakeOutbox, openCase, seedRelays } from '../../../support/fakes-sanctions.js';

const impose = async (...args: Parameters<typeof imposeSanction>) => (await imposeSanction(...args)).sanction;
const BRN = '2208162517';

function setup() {
  const deps = fakeDeps();
  seedRelays(deps.store);
  certifiedReseller(deps.store, BRN);
  return deps;
}

const confirm = { decision: 'CONFIRM' as const, comment: 'gambling spam confirmed by trap hits' };

describe('deciding a spam case', () => {
  it('confirms with the ladder’s next step within the window: warning, throttle, suspension, then the committee', async () => {
    const deps = setup();
    const steps: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const c = openCase(deps.store, BRN);
      const { sanction, basis } = await decideCase(deps, principals.reviewer(), c.caseId, confirm);
      steps.push([sanction?.type, basis]);
      deps.clock.set(new Date(deps.clock.now().getTime() + 100 * 86_400_000).toISOString());
    }
    expect(steps).toEqual([
      ['WARNING', 'LADDER'],
      ['THROTTLE', 'LADDER'],
      ['SUSPENSION', 'LADDER'],
    ]);
    // The fourth confirmed case within 12 months calls for revocation: the committee's decision.
    deps.clock.set('2026-09-01T00:00:00Z');
    const fourth = openCase(deps.store, BRN);
    await expect(decideCase(deps, principals.reviewer(), fourth.caseId, confirm)).rejects.toThrow(
      ForbiddenError,
    );
    expect(deps.store.cases.get(fourth.caseId)?.status).toBe('OPEN');
    const { sanction } = await decideCase(deps, principals.committee(), fourth.caseId, confirm);
    expect(sanction?.type).toBe('REVOCATION');
    expect(deps.store.resellers.get(BRN)?.status).toBe('REVOKED');
  });

  it('refuses a reviewer superseding a committee sanction with a shorter case sanction (403)', async () => {
    const deps = setup();
    await impose(deps, principals.committee(), BRN, {
      type: 'SUSPENSION',
      reason: 'committee ruling',
      until: '2026-06-01T00:00:00Z',
    });
    const c = openCase(deps.store, BRN);
    await expect(
      decideCase(deps, principals.reviewer(), c.caseId, {
        ...confirm,
        sanction: { type: 'SUSPENSION', until: '2026-02-01T00:00:00Z' },
      }),
    ).rejects.toThrow(ForbiddenError);
    expect(deps.store.cases.get(c.caseId)?.status).toBe('OPEN');
    expect(deps.store.resellers.get(BRN)?.sanction).toMatchObject({ until: '2026-06-01T00:00:00Z' });
  });

  it('counts only case sanctions within windowMonths: an old one no longer escalates', async () => {
    const deps = setup();
    const first = openCase(deps.store, BRN);
    await decideCase(deps, principals.reviewer(), first.caseId, confirm);
    // A sanction outside a case does not climb the ladder either.
    await impose(deps, principals.reviewer(), BRN, { type: 'WARNING', reason: 'inspection' });
    deps.clock.set('2027-01-16T00:00:00Z');
    const second = openCase(deps.store, BRN);
    const { sanction } = await decideCase(deps, principals.reviewer(), second.caseId, confirm);
    expect(sanction?.type).toBe('WARNING');
  });

  it('commits case, sanction, reseller, change, notices and audit as one unit', async () => {
    const deps = setup();
    const c = openCase(deps.store, BRN);
    const { spamCase, sanction } = await decideCase(deps, principals.reviewer(), c.caseId, {
      ...confirm,
      sanction: { type: 'SUSPENSION', until: '2026-03-01T00:00:00Z' },
    });
    expect(deps.store.commits).toBe(1);
    expect(spamCase).toMatchObject({
      status: 'CONFIRMED',
      decision: 'CONFIRM',
      decidedBy: 'reviewer:sub-reviewer',
      sanctionId: sanction?.sanctionId,
      revision: 2,
    });
    expect(sanction).toMatchObject({ caseId: c.caseId, until: '2026-03-01T00:00:00Z' });
    expect(deps.store.resellers.get(BRN)).toMatchObject({
      status: 'SUSPENDED',
      sanction: { caseId: c.caseId },
    });
    expect(deps.store.feed).toHaveLength(1);
    expect([...fakeOutbox(deps.store).notices.values()]).toHaveLength(10);
    expect(deps.store.audit.map((a) => a.action)).toEqual([
      'CASE_CONFIRMED',
      'SANCTION_IMPOSED',
      'ELIGIBILITY_CHANGED',
    ]);
  });

  it('answers 403 to a reviewer asking for a revocation, and lets the committee decide one', async () => {
    const deps = setup();
    const c = openCase(deps.store, BRN);
    const revoke = { ...confirm, sanction: { type: 'REVOCATION' as const } };
    await expect(decideCase(deps, principals.reviewer(), c.caseId, revoke)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(deps.store.commits).toBe(0);
    const { sanction } = await decideCase(deps, principals.committee(), c.caseId, revoke);
    expect(sanction?.type).toBe('REVOCATION');
  });

  it('answers 409 to a decision on a case that is not OPEN, and 404 to an unknown case', async () => {
    const deps = setup();
    const c = openCase(deps.store, BRN);
    await decideCase(deps, principals.reviewer(), c.caseId, {
      decision: 'DISMISS',
      comment: 'false positive',
    });
    await expect(decideCase(deps, principals.reviewer(), c.caseId, confirm)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(decideCase(deps, principals.reviewer(), 'case_nope', confirm)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('dismisses without any sanction, and refuses a dismissal that carries one', async () => {
    const deps = setup();
    const c = openCase(deps.store, BRN);
    await expect(
      decideCase(deps, principals.reviewer(), c.caseId, {
        decision: 'DISMISS',
        comment: 'x',
        sanction: { type: 'WARNING' },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    const { spamCase, sanction } = await decideCase(deps, principals.reviewer(), c.caseId, {
      decision: 'DISMISS',
      comment: 'numbers spoofed',
    });
    expect(spamCase.status).toBe('DISMISSED');
    expect(sanction).toBeNull();
    expect(deps.store.sanctions.size).toBe(0);
    expect(deps.store.feed).toEqual([]);
  });

  it('confirms a case against a revoked reseller without a new sanction, but refuses an explicit one', async () => {
    const deps = setup();
    await impose(deps, principals.committee(), BRN, { type: 'REVOCATION', reason: 'r' });
    const c = openCase(deps.store, BRN);
    await expect(
      decideCase(deps, principals.reviewer(), c.caseId, { ...confirm, sanction: { type: 'WARNING' } }),
    ).rejects.toBeInstanceOf(ConflictError);
    const result = await decideCase(deps, principals.reviewer(), c.caseId, confirm);
    expect(result).toMatchObject({ sanction: null, note: expect.stringContaining('already revoked') });
    expect(result.spamCase.status).toBe('CONFIRMED');
  });

  it('serialises two decisions on one case: the second loses with 409', async () => {
    const deps = setup();
    const c = openCase(deps.store, BRN);
    const results = await Promise.allSettled([
      decideCase(deps, principals.reviewer(), c.caseId, confirm),
      decideCase(deps, principals.reviewer(), c.caseId, { decision: 'DISMISS', comment: 'x' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
  });
});

import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../shared/domain/core/errors.js';
import { recordClosure } from '../../../../shared/domain/resellers/closure.js';
import { enforceEligibility } from '../../../../shared/domain/resellers/time-enforcement.js';
import { FakeClock, FakeStore, fakeDeps, principals } from '../../../support/fakes.js';
import { certifiedReseller, seedRelays } from '../../../support/fakes-sanctions.js';

const BRN = '2208162517';

function setup() {
  const deps = fakeDeps(new FakeStore(), new FakeClock(new Date('2026-01-15T00:00:00Z')));
  seedRelays(deps.store);
  certifiedReseller(deps.store, BRN);
  return deps;
}

describe('recording a business closure', () => {
  it('blocks at once a reseller that closed already, announced reseller.blocked, and keeps it for ghost screening', async () => {
    const deps = setup();
    const r = await recordClosure(deps, principals.admin(), BRN, {
      closedAt: '2026-01-10T00:00:00Z',
      reason: 'closure registered with the tax office',
    });
    expect(r).toMatchObject({
      status: 'UNCERTIFIED',
      standing: { status: 'CLOSED', since: '2026-01-10T00:00:00.000Z' },
    });
    expect(deps.store.feed.at(-1)).toMatchObject({ status: 'UNCERTIFIED', noticeType: 'reseller.blocked' });
    await expect(
      recordClosure(deps, principals.admin(), BRN, { closedAt: '2026-01-11T00:00:00Z', reason: 'again' }),
    ).rejects.toThrow(ConflictError);
  });

  it('blocks at closedAt when it lies ahead: the instant is the reseller’s next one', async () => {
    const deps = setup();
    const r = await recordClosure(deps, principals.admin(), BRN, {
      closedAt: '2026-02-01T15:00:00Z',
      reason: 'planned',
    });
    expect(r).toMatchObject({ status: 'CERTIFIED', dueAt: '2026-02-01T15:00:00.000Z' });
    deps.clock.set('2026-02-01T15:00:03Z');
    await enforceEligibility(deps, BRN, 'system:trigger');
    expect(deps.store.feed.at(-1)).toMatchObject({
      status: 'UNCERTIFIED',
      noticeType: 'reseller.blocked',
      effectiveAt: '2026-02-01T15:00:00.000Z',
    });
    expect(deps.store.resellers.get(BRN)?.standing).toMatchObject({ status: 'CLOSED' });
  });
});

import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../shared/domain/core/errors.js';
import { noticeToQueue } from '../../../../shared/domain/notices/delivery.js';
import {
  listRelayDeliveries,
  REDRIVE_BATCH,
  redriveRelayDeliveries,
} from '../../../../shared/domain/notices/relay-deliveries.js';
import { imposeSanction, liftSanction } from '../../../../shared/domain/sanctions/sanctions.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { certifiedReseller, fakeOutbox, seedRelays } from '../../../support/fakes-sanctions.js';

const BRN = '2208162517';

/** A suspension and its lift: two notices to every relay; kt's first one failed for good. */
async function twoNotices() {
  const deps = fakeDeps();
  seedRelays(deps.store);
  certifiedReseller(deps.store, BRN);
  const { sanction } = await imposeSanction(deps, principals.reviewer(), BRN, {
    type: 'SUSPENSION',
    reason: 'r',
  });
  await liftSanction(deps, principals.reviewer(), sanction.sanctionId, { reason: 'fixed' });
  const outbox = fakeOutbox(deps.store);
  const kt = [...outbox.notices.values()].filter((n) => n.relayId === 'kt').sort((a, b) => a.seq - b.seq);
  Object.assign(kt[0]!, {
    delivery: 'FAILED',
    attempts: 11,
    lastError: 'HTTP 500',
    failedAt: '2026-01-15T00:00:00.000Z',
  });
  return { deps, outbox, kt };
}

describe('listRelayDeliveries', () => {
  it('shows a relay its own notices newest first, and only the failed ones when asked', async () => {
    const { deps, kt } = await twoNotices();
    const all = await listRelayDeliveries(deps, principals.relay('kt'), 'kt', {}, { limit: 10 });
    expect(all.items.map((n) => n.noticeId)).toEqual([kt[1]!.noticeId, kt[0]!.noticeId]);
    expect(all.items.every((n) => n.relayId === 'kt')).toBe(true);
    const failed = await listRelayDeliveries(
      deps,
      principals.relay('kt'),
      'kt',
      { status: 'FAILED' },
      { limit: 10 },
    );
    expect(failed.items).toEqual([
      expect.objectContaining({ noticeId: kt[0]!.noticeId, delivery: 'FAILED', lastError: 'HTTP 500' }),
    ]);
  });

  it('pages with a cursor', async () => {
    const { deps, kt } = await twoNotices();
    const first = await listRelayDeliveries(deps, principals.admin(), 'kt', {}, { limit: 1 });
    expect(first.items.map((n) => n.noticeId)).toEqual([kt[1]!.noticeId]);
    const second = await listRelayDeliveries(
      deps,
      principals.admin(),
      'kt',
      {},
      { limit: 1, cursor: first.nextCursor! },
    );
    expect(second.items.map((n) => n.noticeId)).toEqual([kt[0]!.noticeId]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('answers another relay’s or an unknown relay’s deliveries as not found', async () => {
    const { deps } = await twoNotices();
    await expect(listRelayDeliveries(deps, principals.relay('skb'), 'kt', {}, { limit: 10 })).rejects.toThrow(
      NotFoundError,
    );
    await expect(listRelayDeliveries(deps, principals.admin(), 'nobody', {}, { limit: 10 })).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe('redriveRelayDeliveries', () => {
  it('puts the relay’s FAILED notices back to PENDING with a fresh schedule, queued again and audited', async () => {
    const { deps, outbox, kt } = await twoNotices();
    const before = structuredClone(kt[0]!);
    const result = await redriveRelayDeliveries(deps, principals.relay('kt'), 'kt', {});
    expect(result).toEqual({ relayId: 'kt', redriven: [kt[0]!.noticeId], skipped: [], more: false });
    const after = outbox.notices.get(kt[0]!.noticeId)!;
    expect(after).toMatchObject({ delivery: 'PENDING', attempts: 0 });
    expect(after.lastError).toBeUndefined();
    expect(after.redriveRequestedAt).toBe(deps.clock.now().toISOString());
    // The outbox stream consumer queues it again on this change.
    expect(
      noticeToQueue({
        eventName: 'MODIFY',
        oldImage: { ...before, entity: 'notice' },
        newImage: { ...after, entity: 'notice' },
      }),
    ).toBe(kt[0]!.noticeId);
    expect(deps.store.audit.at(-1)).toMatchObject({
      entity: `notice#${kt[0]!.noticeId}`,
      action: 'REDRIVEN',
      actor: 'relay:sub-kt',
      detail: { relayId: 'kt', attempts: 11, lastError: 'HTTP 500' },
    });
  });

  it('re-drives only named notices that are this relay’s and FAILED; says why it skipped the rest', async () => {
    const { deps, kt } = await twoNotices();
    const result = await redriveRelayDeliveries(deps, principals.admin(), 'kt', {
      noticeIds: [kt[0]!.noticeId, kt[1]!.noticeId, 'ntc_000000000001_skb', 'ntc_missing'],
    });
    expect(result.redriven).toEqual([kt[0]!.noticeId]);
    expect(result.skipped).toEqual([
      { noticeId: kt[1]!.noticeId, reason: 'NOT_FAILED' },
      { noticeId: 'ntc_000000000001_skb', reason: 'NOT_FOUND' },
      { noticeId: 'ntc_missing', reason: 'NOT_FOUND' },
    ]);
  });

  it('re-drives at most one batch and says more remain', async () => {
    const { deps, outbox } = await twoNotices();
    const seqs = [...outbox.notices.values()].filter((n) => n.relayId === 'kt');
    // More failed notices of kt than one call re-drives.
    for (let i = 0; i < REDRIVE_BATCH + 1; i++) {
      const id = `ntc_9${String(i).padStart(11, '0')}_kt`;
      outbox.notices.set(id, { ...seqs[0]!, noticeId: id, seq: 1000 + i, delivery: 'FAILED' });
    }
    const result = await redriveRelayDeliveries(deps, principals.admin(), 'kt', {});
    expect(result.redriven).toHaveLength(REDRIVE_BATCH);
    expect(result.more).toBe(true);
  });

  it('refuses another relay’s re-drive as not found', async () => {
    const { deps, kt } = await twoNotices();
    await expect(redriveRelayDeliveries(deps, principals.relay('skb'), 'kt', {})).rejects.toThrow(
      NotFoundError,
    );
    expect(kt[0]!.delivery).toBe('FAILED');
  });
});

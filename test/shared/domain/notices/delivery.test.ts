import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../shared/domain/core/errors.js';
import {
  ackNotice,
  deliverNotice,
  leftBehind,
  listSanctionNotices,
  MAX_ATTEMPTS,
  noticeBody,
  noticeToQueue,
  RETRY_DELAYS_SECONDS,
  redrivePendingNotices,
  retryDelaySeconds,
} from '../../../../shared/domain/notices/delivery.js';
import type {
  DeliveryPorts,
  RelaySecretStore,
  WebhookRequest,
  WebhookResult,
} from '../../../../shared/domain/notices/ports.js';
import { imposeSanction } from '../../../../shared/domain/sanctions/sanctions.js';
import { eventually } from '../../../support/eventually.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { certifiedReseller, fakeOutbox, seedRelays } from '../../../support/fakes-sanctions.js';

const impose = async (...args: Parameters<typeof imposeSanction>) => (await imposeSanction(...args)).sanction;
const BRN = '2208162517';
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

function memorySecrets(initial: Record<string, string> = {}): RelaySecretStore {
  const m = new Map(Object.entries(initial));
  return {
    put: async (id, s) => {
      m.set(id, s);
    },
    get: async (id) => m.get(id),
    has: async (id) => m.has(id),
  };
}

/** A webhook sender whose answers the test scripts, recording what was sent. */
function scriptedWebhooks(answer: (req: WebhookRequest) => WebhookResult) {
  const sent: WebhookRequest[] = [];
  return {
    sent,
    webhooks: {
      send: async (req: WebhookRequest) => {
        sent.push(req);
        return answer(req);
      },
    },
  };
}

async function suspended(
  webhook: (relayId: string) => string | undefined = (id) => `https://${id}.example/n`,
) {
  const deps = fakeDeps();
  seedRelays(deps.store);
  for (const r of deps.store.relays.values()) {
    const url = webhook(r.relayId);
    if (url) r.webhookUrl = url;
  }
  certifiedReseller(deps.store, BRN);
  const sanction = await impose(deps, principals.reviewer(), BRN, { type: 'SUSPENSION', reason: 'r' });
  const outbox = fakeOutbox(deps.store);
  const ktNotice = [...outbox.notices.values()].find((n) => n.relayId === 'kt')!;
  return { deps, sanction, outbox, ktNotice };
}

const ok: WebhookResult = { ok: true, status: 204, ms: 3 };
const down: WebhookResult = { ok: false, status: 500, error: 'HTTP 500', ms: 3 };
const options = { allowLocalHttp: false };

describe('the retry schedule', () => {
  it('tries at least three times in the first minute, then backs off for about a day', () => {
    const starts = [0];
    for (const d of RETRY_DELAYS_SECONDS) starts.push(starts.at(-1)! + d);
    expect(starts.filter((t) => t < 60).length).toBeGreaterThanOrEqual(3);
    expect(starts.at(-1)!).toBeGreaterThan(20 * 3600);
    expect(starts.at(-1)!).toBeLessThanOrEqual(26 * 3600);
    expect(Math.max(...RETRY_DELAYS_SECONDS)).toBeLessThanOrEqual(43_200); // SQS's longest visibility
    expect(starts).toHaveLength(MAX_ATTEMPTS);
    expect(retryDelaySeconds(1)).toBe(5);
    expect(retryDelaySeconds(MAX_ATTEMPTS)).toBeUndefined();
  });
});

describe('delivering a notice', () => {
  it('signs and sends the contract body with the notice id as webhook-id, then marks it DELIVERED', async () => {
    const { deps, ktNotice, sanction } = await suspended();
    const { sent, webhooks } = scriptedWebhooks(() => ok);
    const ports: DeliveryPorts = { webhooks, secrets: memorySecrets({ kt: SECRET }) };
    const outcome = await deliverNotice(deps, ports, ktNotice.noticeId, options);
    expect(outcome).toMatchObject({ outcome: 'DELIVERED', attempt: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ url: 'https://kt.example/n', secret: SECRET, id: ktNotice.noticeId });
    expect(JSON.parse(sent[0]!.body)).toEqual({
      type: 'reseller.suspended',
      noticeId: ktNotice.noticeId,
      brn: BRN,
      status: 'SUSPENDED',
      throttle: null,
      effectiveAt: '2026-01-15T00:00:00.000Z',
      until: '2026-04-15T00:00:00.000Z',
      reason: 'transmission suspended: r',
      version: 2,
      seq: 1,
      sanctionId: sanction.sanctionId,
    });
    expect(await deps.notices.get(ktNotice.noticeId)).toMatchObject({
      delivery: 'DELIVERED',
      deliveredAt: '2026-01-15T00:00:00.000Z',
      attempts: 1,
    });
    // At-least-once queues deliver duplicates: a delivered notice is never sent again.
    await expect(deliverNotice(deps, ports, ktNotice.noticeId, options)).resolves.toMatchObject({
      outcome: 'ALREADY_DELIVERED',
    });
    expect(sent).toHaveLength(1);
  });

  it('schedules the next attempt after a failure and gives up after the last one', async () => {
    const { deps, ktNotice } = await suspended();
    const { sent, webhooks } = scriptedWebhooks(() => down);
    const ports: DeliveryPorts = { webhooks, secrets: memorySecrets({ kt: SECRET }) };
    const outcomes = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++)
      outcomes.push(await deliverNotice(deps, ports, ktNotice.noticeId, options));
    expect(outcomes.slice(0, -1).map((o) => (o.outcome === 'RETRY' ? o.delaySeconds : o.outcome))).toEqual([
      ...RETRY_DELAYS_SECONDS,
    ]);
    expect(outcomes.at(-1)).toMatchObject({ outcome: 'EXHAUSTED', attempt: MAX_ATTEMPTS, error: 'HTTP 500' });
    expect(await deps.notices.get(ktNotice.noticeId)).toMatchObject({
      delivery: 'FAILED',
      attempts: MAX_ATTEMPTS,
      lastError: 'HTTP 500',
    });
    await expect(deliverNotice(deps, ports, ktNotice.noticeId, options)).resolves.toEqual({
      outcome: 'ALREADY_FAILED',
      noticeId: ktNotice.noticeId,
      deadLetter: true,
    });
    expect(sent).toHaveLength(MAX_ATTEMPTS);
  });

  it('records a failure and retries when the relay answers non-2xx, then delivers once it is back', async () => {
    const { deps, ktNotice } = await suspended();
    let up = false;
    const { webhooks } = scriptedWebhooks(() => (up ? ok : down));
    const ports: DeliveryPorts = { webhooks, secrets: memorySecrets({ kt: SECRET }) };
    await expect(deliverNotice(deps, ports, ktNotice.noticeId, options)).resolves.toMatchObject({
      outcome: 'RETRY',
      delaySeconds: 5,
    });
    expect(await deps.notices.get(ktNotice.noticeId)).toMatchObject({
      delivery: 'PENDING',
      lastError: 'HTTP 500',
      nextAttemptAt: '2026-01-15T00:00:05.000Z',
    });
    up = true;
    await expect(deliverNotice(deps, ports, ktNotice.noticeId, options)).resolves.toMatchObject({
      outcome: 'DELIVERED',
      attempt: 2,
    });
  });

  it('marks a notice to a relay without a webhook URL FAILED at once, without the DLQ', async () => {
    const { deps, ktNotice } = await suspended(() => undefined);
    const { sent, webhooks } = scriptedWebhooks(() => ok);
    const ports: DeliveryPorts = { webhooks, secrets: memorySecrets() };
    await expect(deliverNotice(deps, ports, ktNotice.noticeId, options)).resolves.toMatchObject({
      outcome: 'SKIPPED',
    });
    expect(sent).toEqual([]);
    expect(await deps.notices.get(ktNotice.noticeId)).toMatchObject({
      delivery: 'FAILED',
      lastError: expect.stringMatching(/^NO_WEBHOOK: .*change feed/),
    });
    await expect(deliverNotice(deps, ports, ktNotice.noticeId, options)).resolves.toMatchObject({
      outcome: 'ALREADY_FAILED',
      deadLetter: false,
    });
  });

  it('refuses a plain-http webhook outside the local runtime', async () => {
    const { deps, ktNotice } = await suspended(() => 'http://127.0.0.1:9/n');
    const { sent, webhooks } = scriptedWebhooks(() => ok);
    const ports: DeliveryPorts = { webhooks, secrets: memorySecrets({ kt: SECRET }) };
    await expect(deliverNotice(deps, ports, ktNotice.noticeId, options)).resolves.toMatchObject({
      outcome: 'SKIPPED',
    });
    expect(sent).toEqual([]);
  });

  it('lets only one of two concurrent copies of a message deliver (the other finds it in flight)', async () => {
    const { deps, ktNotice } = await suspended();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const sent: string[] = [];
    const ports: DeliveryPorts = {
      webhooks: {
        send: async (req) => {
          sent.push(req.id);
          await gate;
          return ok;
        },
      },
      secrets: memorySecrets({ kt: SECRET }),
    };
    const first = deliverNotice(deps, ports, ktNotice.noticeId, options);
    // The first copy has claimed the attempt and is sending.
    await eventually(async () => expect(sent).toHaveLength(1));
    await expect(deliverNotice(deps, ports, ktNotice.noticeId, options)).resolves.toMatchObject({
      outcome: 'IN_FLIGHT',
    });
    release();
    await expect(first).resolves.toMatchObject({ outcome: 'DELIVERED' });
    expect(sent).toHaveLength(1);
  });

  it('counts a failing secret store as a failed attempt and carries on with the schedule', async () => {
    const { deps, ktNotice } = await suspended();
    const ports: DeliveryPorts = {
      webhooks: scriptedWebhooks(() => ok).webhooks,
      secrets: {
        ...memorySecrets(),
        get: async () => {
          throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
        },
      },
    };
    await expect(deliverNotice(deps, ports, ktNotice.noticeId, options)).resolves.toMatchObject({
      outcome: 'RETRY',
      error: 'delivery error: ThrottlingException',
    });
  });
});

describe('the sweep’s re-drive', () => {
  it('re-drives notices left pending: never attempted, or a retry long overdue; not fresh or on-schedule ones', async () => {
    const { deps, outbox } = await suspended();
    const all = [...outbox.notices.values()];
    // Nothing is old enough yet.
    await expect(redrivePendingNotices(deps)).resolves.toEqual({ pending: 0, redriven: 0 });
    deps.clock.set('2026-01-15T01:00:00Z');
    // kt is on schedule (its next attempt is not overdue); lguplus missed its retry hours ago.
    all.find((n) => n.relayId === 'kt')!.attempts = 3;
    all.find((n) => n.relayId === 'kt')!.nextAttemptAt = '2026-01-15T00:55:00Z';
    all.find((n) => n.relayId === 'lguplus')!.attempts = 2;
    all.find((n) => n.relayId === 'lguplus')!.nextAttemptAt = '2026-01-15T00:10:00Z';
    all.find((n) => n.relayId === 'skb')!.delivery = 'DELIVERED';
    const report = await redrivePendingNotices(deps);
    expect(report).toEqual({ pending: 9, redriven: 8 });
    expect(all.find((n) => n.relayId === 'kt')!.redriveRequestedAt).toBeUndefined();
    expect(all.find((n) => n.relayId === 'lguplus')!.redriveRequestedAt).toBe('2026-01-15T01:00:00.000Z');
    // Marked once, not again on the next run within the window.
    await expect(redrivePendingNotices(deps)).resolves.toMatchObject({ redriven: 0 });
  });

  it('treats a claimed-but-never-recorded attempt as left behind only once it is old', () => {
    const now = new Date('2026-01-15T01:00:00Z');
    const base = {
      delivery: 'PENDING' as const,
      createdAt: '2026-01-15T00:00:00Z',
      attempts: 1,
      lastAttemptAt: '2026-01-15T00:58:00Z',
    };
    expect(leftBehind(base as never, now)).toBe(false);
    expect(leftBehind({ ...base, lastAttemptAt: '2026-01-15T00:10:00Z' } as never, now)).toBe(true);
  });
});

describe('which outbox stream records are queued', () => {
  const notice = { entity: 'notice', noticeId: 'ntc_1_kt', delivery: 'PENDING' };

  it('queues a new pending notice, and a pending one whose re-drive was just requested', () => {
    expect(noticeToQueue({ eventName: 'INSERT', newImage: notice })).toBe('ntc_1_kt');
    expect(
      noticeToQueue({
        eventName: 'MODIFY',
        oldImage: notice,
        newImage: { ...notice, redriveRequestedAt: '2026-01-15T01:00:00Z' },
      }),
    ).toBe('ntc_1_kt');
  });

  it('ignores delivery bookkeeping, other entities and settled notices', () => {
    const marked = { ...notice, redriveRequestedAt: 't' };
    expect(
      noticeToQueue({ eventName: 'MODIFY', oldImage: marked, newImage: { ...marked, ackedAt: 'x' } }),
    ).toBe(undefined);
    expect(
      noticeToQueue({ eventName: 'MODIFY', oldImage: notice, newImage: { ...notice, attempts: '1' } }),
    ).toBe(undefined);
    expect(noticeToQueue({ eventName: 'INSERT', newImage: { entity: 'reseller' } })).toBeUndefined();
    expect(
      noticeToQueue({ eventName: 'INSERT', newImage: { ...notice, delivery: 'DELIVERED' } }),
    ).toBeUndefined();
    expect(noticeToQueue({ eventName: 'REMOVE', oldImage: notice })).toBeUndefined();
  });
});

describe('notice reads and acknowledgements', () => {
  it('lists each relay’s notices of a sanction with their delivery state', async () => {
    const { deps, sanction, ktNotice } = await suspended();
    await deliverNotice(
      deps,
      { webhooks: scriptedWebhooks(() => ok).webhooks, secrets: memorySecrets({ kt: SECRET }) },
      ktNotice.noticeId,
      options,
    );
    const view = await listSanctionNotices(deps, sanction.sanctionId);
    expect(view.summary).toEqual({ total: 10, delivered: 1, pending: 9, failed: 0 });
    expect(view.items.find((n) => n.relayId === 'kt')).toMatchObject({
      delivery: 'DELIVERED',
      attempts: 1,
      type: 'reseller.suspended',
    });
    await expect(listSanctionNotices(deps, 'snc_nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('records a relay’s acknowledgement of its own notice once; another relay’s is not found', async () => {
    const { deps, ktNotice } = await suspended();
    const first = await ackNotice(deps, principals.relay('kt'), ktNotice.noticeId);
    expect(first).toMatchObject({ noticeId: ktNotice.noticeId, ackedAt: '2026-01-15T00:00:00.000Z' });
    deps.clock.set('2026-01-15T00:05:00Z');
    await expect(ackNotice(deps, principals.relay('kt'), ktNotice.noticeId)).resolves.toMatchObject({
      ackedAt: '2026-01-15T00:00:00.000Z',
    });
    await expect(ackNotice(deps, principals.relay('skb'), ktNotice.noticeId)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(ackNotice(deps, principals.relay('kt'), 'ntc_nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('builds the webhook body from the notice alone', () => {
    const body = noticeBody({
      noticeId: 'n',
      relayId: 'kt',
      seq: 3,
      type: 'reseller.reinstated',
      brn: BRN,
      status: 'CERTIFIED',
      throttle: null,
      effectiveAt: 't',
      until: null,
      reason: 'r',
      version: 4,
      delivery: 'PENDING',
      attempts: 0,
      createdAt: 't',
    });
    expect(Object.keys(body)).toEqual([
      'type',
      'noticeId',
      'brn',
      'status',
      'throttle',
      'effectiveAt',
      'until',
      'reason',
      'version',
      'seq',
    ]);
  });
});

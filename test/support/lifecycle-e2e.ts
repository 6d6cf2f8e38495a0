import { expect } from 'vitest';
import { type RelayReceiver, relayReceiver } from '../../infra/local/relay-receivers.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import { eventually } from './eventually.js';
import { applicationBody } from './fixtures.js';
import { as, type client } from './http-client.js';

type Api = ReturnType<typeof client>;

/** The certificate's life through the local runtime: ten verifying relays, the clock, the review. */
export function lifecycleE2e(api: () => Api, runtime: () => LocalRuntime) {
  const receivers: RelayReceiver[] = [];
  const setClock = (iso: string) => api().post('/_local/clock', { as: as.admin(), body: { set: iso } });

  async function connectRelays() {
    for (const relay of seedRelayOperators) {
      const receiver = await relayReceiver(relay.relayId);
      receivers.push(receiver);
      const res = await api().put(`/v1/relay-operators/${relay.relayId}`, {
        as: as.admin(),
        body: { name: relay.name, webhookUrl: receiver.url, signingSecret: receiver.secret },
      });
      expect(res.status).toBe(200);
    }
  }

  /** Every relay holds exactly `count` verified notices of `type` for `brn`, the last one dated as given. */
  async function everyRelayHolds(brn: string, type: string, effectiveAt: string, count = 1) {
    await eventually(async () => {
      for (const r of receivers) {
        const mine = r.received.filter((n) => n.body.brn === brn && n.body.type === type);
        expect(mine, r.relayId).toHaveLength(count);
        expect(String(mine.at(-1)!.body.effectiveAt).slice(0, effectiveAt.length)).toBe(effectiveAt);
      }
    });
  }

  async function feedFor(brn: string) {
    const feed = await api().get('/v1/registry/changes?limit=1000', { as: as.relay() });
    return feed.body.changes.filter((c: { brn: string }) => c.brn === brn) as {
      status: string;
      effectiveAt: string;
    }[];
  }

  async function applicationStatus(brn: string, id: string, status: string) {
    return eventually(async () => {
      const res = await api().get(`/v1/applications/${id}`, { as: as.reseller(brn) });
      expect(res.body.status).toBe(status);
      return res.body;
    });
  }

  /** An application (NEW or RENEWAL) through review, on-site inspection and the committee's approval. */
  async function certify(brn: string, kind?: 'RENEWAL') {
    const submitted = await api().post('/v1/applications', {
      as: as.reseller(brn),
      body: applicationBody(brn, kind ? { kind } : {}),
    });
    expect(submitted.status).toBe(201);
    const id = submitted.body.applicationId as string;
    await applicationStatus(brn, id, 'DOCUMENT_REVIEW');
    await api().post(`/v1/applications/${id}/review`, { as: as.reviewer(), body: { decision: 'PASS' } });
    await applicationStatus(brn, id, 'INSPECTION');
    // Inspected "now" on the business clock (advancing by zero reads it).
    const clock = await api().post('/_local/clock', { as: as.admin(), body: { advanceSeconds: 0 } });
    await api().post(`/v1/applications/${id}/inspection`, {
      as: as.reviewer(),
      body: { result: 'PASS', inspectedAt: clock.body.now },
    });
    await applicationStatus(brn, id, 'COMMITTEE_REVIEW');
    const decided = await api().post(`/v1/applications/${id}/decision`, {
      as: as.committee(),
      body: { decision: 'APPROVE', comment: 'meets every item' },
    });
    expect(decided.status).toBe(200);
    return applicationStatus(brn, id, 'APPROVED');
  }

  /** The reseller's inspections as staff see them, soonest due first. */
  async function inspectionsOf(brn: string) {
    const res = await api().get('/v1/inspections?limit=1000', { as: as.reviewer() });
    expect(res.status).toBe(200);
    return (
      res.body.items as { inspectionId: string; brn: string; status: string; kind: string; dueAt: string }[]
    ).filter((i) => i.brn === brn);
  }

  async function inspectionBecomes(brn: string, kind: string, status: string) {
    return eventually(async () => {
      const found = (await inspectionsOf(brn)).find((i) => i.kind === kind && i.status === status);
      expect(found, `${kind} ${status}`).toBeDefined();
      return found!;
    });
  }

  async function notificationsOf(brn: string) {
    const res = await api().get(`/v1/resellers/${brn}/notifications?limit=100`, { as: as.reseller(brn) });
    expect(res.status).toBe(200);
    return res.body.items as { kind: string; detail: Record<string, unknown> }[];
  }

  return {
    receivers,
    setClock,
    connectRelays,
    everyRelayHolds,
    feedFor,
    certify,
    inspectionsOf,
    inspectionBecomes,
    notificationsOf,
    stop: () => Promise.all(receivers.map((r) => r.stop())),
    runtime,
  };
}

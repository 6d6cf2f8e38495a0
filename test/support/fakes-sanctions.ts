import { noticesFor } from '../../shared/adapters/dynamodb/registry-repository.js';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import type { SpamCase } from '../../shared/domain/ports.js';
import type { Reseller } from '../../shared/domain/resellers/eligibility.js';
import type { AttemptClaim, OutboxNotice, SanctionDeps } from '../../shared/domain/sanctions/ports.js';
import type { FakeStore } from './fakes.js';

interface NoticeState {
  notices: Map<string, OutboxNotice & { leaseUntil?: number }>;
  /** The last change-feed seq whose notices exist. */
  synced: number;
}

/** The fake outbox of a store (tests inspect and tamper with it). */
export function fakeOutbox(store: FakeStore): NoticeState {
  store.ext.sanctionNotices ??= { notices: new Map(), synced: 0 } satisfies NoticeState;
  const state = store.ext.sanctionNotices as NoticeState;
  // The DynamoDB commit writes one notice per relay with each change; the fake commit keeps only
  // the feed, so the notices are materialised from it on first look (same ids and contents).
  const relayIds = [...store.relays.keys()].sort();
  for (const change of store.feed) {
    if (change.seq <= state.synced) continue;
    for (const n of noticesFor(change.seq, change, relayIds)) state.notices.set(n.noticeId, n);
    state.synced = change.seq;
  }
  return state;
}

const copy = <T>(x: T): T => structuredClone(x);

/** In-memory fakes of the sanctions/notices ports, over the shared fake store. */
export function sanctionFakes(store: FakeStore): SanctionDeps {
  const all = () => fakeOutbox(store).notices;
  return {
    notices: {
      get: async (id) => copy(all().get(id)),
      listBySanction: async (sanctionId) =>
        [...all().values()].filter((n) => n.sanctionId === sanctionId).map(copy),
      listPending: async (before, req) => {
        const pending = [...all().values()]
          .filter((n) => n.delivery === 'PENDING' && `${n.createdAt}#${n.noticeId}` < before)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        const start = req.cursor ? Number(req.cursor) : 0;
        const items = pending.slice(start, start + req.limit).map(copy);
        const end = start + items.length;
        return { items, ...(end < pending.length ? { nextCursor: String(end) } : {}) };
      },
      claimAttempt: async (id, at, leaseMs): Promise<AttemptClaim> => {
        const n = all().get(id);
        if (!n) return { kind: 'missing' };
        if (n.delivery !== 'PENDING') return { kind: 'settled', notice: copy(n) };
        if (n.leaseUntil !== undefined && n.leaseUntil >= Date.now())
          return { kind: 'busy', notice: copy(n) };
        n.attempts += 1;
        n.lastAttemptAt = at;
        n.leaseUntil = Date.now() + leaseMs;
        delete n.redriveRequestedAt;
        return { kind: 'claimed', notice: copy(n) };
      },
      recordDelivered: async (id, at) => {
        const n = all().get(id)!;
        n.delivery = 'DELIVERED';
        n.deliveredAt = at;
        delete n.leaseUntil;
        delete n.nextAttemptAt;
      },
      recordFailure: async (id, f) => {
        const n = all().get(id)!;
        n.lastError = f.error;
        delete n.leaseUntil;
        if (f.final) {
          n.delivery = 'FAILED';
          n.failedAt = f.at;
          delete n.nextAttemptAt;
        } else if (f.nextAttemptAt) n.nextAttemptAt = f.nextAttemptAt;
      },
      requestRedrive: async (id, at) => {
        const n = all().get(id);
        if (n?.delivery !== 'PENDING') return false;
        n.redriveRequestedAt = at;
        return true;
      },
      listByRelay: async (relayId, filter, req) => {
        const mine = [...all().values()]
          .filter((n) => n.relayId === relayId && (!filter.delivery || n.delivery === filter.delivery))
          .sort((a, b) => b.seq - a.seq);
        const start = req.cursor ? Number(req.cursor) : 0;
        const items = mine.slice(start, start + req.limit).map(copy);
        const end = start + items.length;
        return { items, ...(end < mine.length ? { nextCursor: String(end) } : {}) };
      },
      redriveFailed: async (notice, at, audit) => {
        const n = all().get(notice.noticeId);
        if (n?.delivery !== 'FAILED' || n.relayId !== notice.relayId) return false;
        n.delivery = 'PENDING';
        n.attempts = 0;
        n.redriveRequestedAt = at;
        delete n.failedAt;
        delete n.nextAttemptAt;
        delete n.lastError;
        store.audit.push(structuredClone(audit));
        return true;
      },
      ack: async (id, relayId, at) => {
        const n = all().get(id);
        if (n?.relayId !== relayId) return undefined;
        n.ackedAt ??= at;
        return copy(n);
      },
    },
  };
}

/** A certified reseller, stored as the registry would hold it (version 1). */
export function certifiedReseller(
  store: FakeStore,
  brn = '2208162517',
  at = '2025-06-01T00:00:00.000Z',
): Reseller {
  const r: Reseller = {
    brn,
    companyName: `Co ${brn}`,
    existing: false,
    relayOperatorIds: ['kt'],
    certificate: {
      certificateId: `C-2025-${brn.slice(-6)}`,
      applicationId: `app_${brn}`,
      issuedAt: at,
      validUntil: '2027-06-01T00:00:00.000Z',
      nextInspectionDue: '2026-12-01T00:00:00.000Z',
    },
    status: 'CERTIFIED',
    throttle: null,
    reason: `certificate C-2025-${brn.slice(-6)} active`,
    version: 1,
    effectiveAt: at,
    revision: 1,
    createdAt: at,
    updatedAt: at,
    dueAt: '2026-12-01T00:00:00.000Z',
  };
  store.resellers.set(brn, structuredClone(r));
  return r;
}

let caseCounter = 0;

/** An OPEN spam case against `brn`, as the spam capability opens one. */
export function openCase(
  store: FakeStore,
  brn = '2208162517',
  openedAt = '2026-01-14T00:00:00.000Z',
): SpamCase {
  caseCounter += 1;
  const c: SpamCase = {
    caseId: `case_${String(caseCounter).padStart(6, '0')}`,
    brn,
    status: 'OPEN',
    openedAt,
    evidence: {
      from: openedAt,
      to: openedAt,
      reports: 120,
      malicious: 25,
      byCategory: { GAMBLING: 25, OTHER: 95 },
      byRelay: { kt: 120 },
      threshold: '100 reports in 24 h',
    },
    revision: 1,
  };
  store.cases.set(c.caseId, structuredClone(c));
  return c;
}

/** The ten relay operators of the seed data. */
export function seedRelays(store: FakeStore, webhook?: (relayId: string) => string): void {
  for (const r of seedRelayOperators) {
    store.relays.set(r.relayId, { ...r, ...(webhook ? { webhookUrl: webhook(r.relayId) } : {}) });
  }
}

import { ConcurrentUpdateError } from '../../shared/domain/core/errors.js';
import {
  type AttributedReport,
  kstMonth,
  type MonthlyCounts,
  type RecordOutcome,
  type SpamCategory,
  type SpamReport,
  type WindowCounts,
} from '../../shared/domain/spam/attribution.js';
import { compareSequence, countSpamReports, type FirstWrite } from '../../shared/domain/spam/counting.js';
import { FirstSenderCodeTakenError } from '../../shared/domain/spam/first-sender-codes.js';
import type { SpamDeps } from '../../shared/domain/spam/ports.js';
import type { FakeStore } from './fakes.js';

/** The in-memory state behind the spam fakes (kept in `store.ext.spam`). */
export interface SpamFakeState {
  /** Every enqueue call, in order. */
  enqueued: SpamReport[][];
  /** Recorded reports by id. */
  reports: Map<string, AttributedReport>;
  /** Hourly counters: `${brn}|${hour}` → counts. */
  hours: Map<string, WindowCounts>;
  /** Monthly report counters by month. */
  months: Map<string, Omit<MonthlyCounts, 'certifications' | 'sanctions'>>;
  /** code → brn. */
  codes: Map<string, string>;
  /** `record` calls (one per consumer invocation). */
  recordCalls: number;
  /** First writes not yet read off the fake change stream (see `countStream`). */
  stream: FirstWrite[];
  /** Next stream sequence number. */
  sequence: number;
  /** Counted batches: first sequence → last sequence. */
  markers: Map<string, string>;
  /** Counter commits that changed counts. */
  commits: number;
  /** Report ids the next `record` calls fail (like a store that keeps failing for them). */
  failReports: Set<string>;
  /** Set to fail the next enqueue with this error. */
  failNextEnqueue?: Error;
}

export function spamState(store: FakeStore): SpamFakeState {
  store.ext.spam ??= {
    enqueued: [],
    reports: new Map(),
    hours: new Map(),
    months: new Map(),
    codes: new Map(),
    recordCalls: 0,
    stream: [],
    sequence: 100,
    markers: new Map(),
    commits: 0,
    failReports: new Set(),
  } satisfies SpamFakeState;
  return store.ext.spam as SpamFakeState;
}

const inc = (o: Record<string, number>, k: string, n: number) => {
  o[k] = (o[k] ?? 0) + n;
};

/** In-memory fakes of the spam intake ports, over the shared fake store. */
export function spamFakes(store: FakeStore): SpamDeps {
  const state = () => spamState(store);
  return {
    spamQueue: {
      enqueue: async (reports) => {
        const s = state();
        if (s.failNextEnqueue) {
          const e = s.failNextEnqueue;
          s.failNextEnqueue = undefined;
          throw e;
        }
        s.enqueued.push(structuredClone([...reports]));
      },
    },
    spamReports: {
      record: async (reports): Promise<RecordOutcome> => {
        const s = state();
        s.recordCalls++;
        const outcome: RecordOutcome = { recorded: [], failed: [] };
        for (const r of new Map(reports.map((x) => [x.reportId, x])).values()) {
          if (s.failReports.has(r.reportId)) {
            outcome.failed.push(r.reportId);
            continue;
          }
          // Like the table's stream: a first write is an INSERT; writing it again is not.
          if (!s.reports.has(r.reportId))
            s.stream.push({ sequence: String(s.sequence++), report: structuredClone(r) });
          s.reports.set(r.reportId, structuredClone(r));
          outcome.recorded.push(r.reportId);
        }
        return outcome;
      },
      window: async (brn, fromHour, toHour) => {
        const total: WindowCounts = { reports: 0, byCategory: {}, byRelay: {} };
        for (const [key, h] of state().hours) {
          const [b, hour] = key.split('|') as [string, string];
          if (b !== brn || hour < fromHour || hour > toHour) continue;
          total.reports += h.reports;
          for (const [k, n] of Object.entries(h.byCategory)) inc(total.byCategory, k as SpamCategory, n ?? 0);
          for (const [k, n] of Object.entries(h.byRelay)) inc(total.byRelay, k, n);
        }
        return total;
      },
      openCaseExists: async (brn) =>
        [...store.cases.values()].some((c) => c.brn === brn && c.status === 'OPEN'),
    },
    spamCounter: {
      commit: async (batch) => {
        const s = state();
        const through = s.markers.get(batch.first);
        if (through !== undefined) return { status: 'SEEN', through };
        s.markers.set(batch.first, batch.last);
        s.commits++;
        for (const c of batch.increments) {
          if (c.scope === 'resellerHour') {
            const key = `${c.brn}|${c.hour}`;
            const h = s.hours.get(key) ?? { reports: 0, byCategory: {}, byRelay: {} };
            h.reports += c.reports;
            for (const [k, n] of Object.entries(c.byCategory)) inc(h.byCategory, k, n ?? 0);
            for (const [k, n] of Object.entries(c.byRelay)) inc(h.byRelay, k, n);
            s.hours.set(key, h);
            continue;
          }
          const m = s.months.get(c.month) ?? { byCategory: {}, byRelay: {}, byReseller: {}, unattributed: 0 };
          if (c.scope === 'categoryMonth') inc(m.byCategory, c.category, c.reports);
          if (c.scope === 'relayMonth') inc(m.byRelay, c.relayId, c.reports);
          if (c.scope === 'resellerMonth') inc(m.byReseller, c.brn, c.reports);
          if (c.scope === 'unattributedMonth') m.unattributed += c.reports;
          s.months.set(c.month, m);
        }
        return { status: 'COUNTED' };
      },
    },
    firstSenderCodes: {
      resolve: async (codes) =>
        new Map(codes.flatMap((c) => (state().codes.has(c) ? [[c, state().codes.get(c)!] as const] : []))),
      replace: async ({ before, after, audit }) => {
        const s = state();
        const taken = (after.firstSenderCodes ?? []).filter(
          (c) => s.codes.has(c) && s.codes.get(c) !== after.brn,
        );
        if (taken.length > 0) throw new FirstSenderCodeTakenError(taken);
        if (store.resellers.get(after.brn)?.revision !== before.revision)
          throw new ConcurrentUpdateError('revision moved');
        for (const c of before.firstSenderCodes ?? []) if (s.codes.get(c) === after.brn) s.codes.delete(c);
        for (const c of after.firstSenderCodes ?? []) s.codes.set(c, after.brn);
        store.resellers.set(after.brn, structuredClone(after));
        store.audit.push(audit);
        store.commits++;
      },
    },
    spamStatistics: {
      month: async (month) => {
        const m = state().months.get(month) ?? {
          byCategory: {},
          byRelay: {},
          byReseller: {},
          unattributed: 0,
        };
        return {
          ...structuredClone(m),
          // What the commit hook counts (registryStatisticsIncrements), read off the fake store.
          certifications: store.audit.filter(
            (a) => a.action === 'CERTIFICATE_ISSUED' && kstMonth(a.at) === month,
          ).length,
          sanctions: [...store.sanctions.values()].filter((x) => kstMonth(x.imposedAt) === month).length,
        };
      },
    },
  };
}

/**
 * Plays the counting stream consumer over the fake change stream: the first writes recorded since
 * the last call, in batches of `batchSize`, each delivered `deliveries` times (a stream delivers at
 * least once). Returns the results of every delivery.
 */
export async function countStream(
  deps: Parameters<typeof countSpamReports>[0] & { store: FakeStore },
  opts: { batchSize?: number; deliveries?: number } = {},
) {
  const s = spamState(deps.store);
  const writes = s.stream.splice(0).sort((a, b) => compareSequence(a.sequence, b.sequence));
  const results = [];
  const size = opts.batchSize ?? 1000;
  for (let i = 0; i < writes.length; i += size)
    for (let d = 0; d < (opts.deliveries ?? 1); d++)
      results.push(await countSpamReports(deps, writes.slice(i, i + size)));
  return results;
}

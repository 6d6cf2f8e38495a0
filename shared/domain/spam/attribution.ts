import { DependencyUnavailableError } from '../core/errors.js';
import type { SpamCategory } from '../policy/policy.js';

/**
 * Spam reports: attribution and the counters they feed (per reseller, relay and category). Pure: no AWS SDK.
 *
 * Every report is counted exactly once, in the month (KST) and hour (UTC) of its `receivedAt`:
 * per category, per relay, per reseller (or as unattributed), and per reseller per hour for the
 * rolling case window. Counters are aggregated: one increment per counter per unit of work.
 */
export type { SpamCategory };

export const spamSources = ['KISA_118', 'KISA_TRAP', 'KCUP_MONITORING', 'RELAY'] as const;

/**
 * One spam report as the registry keeps it, normalised at the edge (shared/schemas/spam.ts): instants
 * in UTC, digits-only sender numbers, upper-case codes, lower-case digests; one of first-sender code,
 * relay id or sender number present. Never the message text: only its digest.
 */
export interface SpamReport {
  reportId: string;
  source: (typeof spamSources)[number];
  receivedAt: string;
  senderNumber?: string;
  firstSenderCode?: string;
  relayId?: string;
  category: SpamCategory;
  contentDigest: string;
}

/** How a report was traced: to a reseller by its first-sender code, to a relay only, or not at all. */
export type Attribution = 'RESELLER' | 'RELAY' | 'NONE';

export interface AttributedReport extends SpamReport {
  attribution: Attribution;
  /** The reseller holding the report's first-sender code, when one does. */
  brn?: string;
}

/**
 * Traces a report: its first-sender code identifies the originating reseller across reseller
 * chains; without a known code, the relay it came through is all that is known.
 */
export function attribute(report: SpamReport, codeHolders: ReadonlyMap<string, string>): AttributedReport {
  const brn = report.firstSenderCode ? codeHolders.get(report.firstSenderCode) : undefined;
  if (brn) return { ...report, attribution: 'RESELLER', brn };
  return { ...report, attribution: report.relayId ? 'RELAY' : 'NONE' };
}

const KST_OFFSET_MS = 9 * 3_600_000;

/** The calendar month in Korea Standard Time of an instant: `2025-01`. */
export function kstMonth(at: string | Date): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(ms + KST_OFFSET_MS).toISOString().slice(0, 7);
}

/** The instants a KST month spans: [from, to). `2025-01` → 2024-12-31T15:00Z .. 2025-01-31T15:00Z. */
export function kstMonthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return {
    from: new Date(Date.UTC(y, m - 1, 1) - KST_OFFSET_MS).toISOString(),
    to: new Date(Date.UTC(y, m, 1) - KST_OFFSET_MS).toISOString(),
  };
}

/** The hour bucket of an instant, `2025-01-01T03` (UTC; KST hours start at the same instants). */
export function hourBucket(at: string | Date): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(ms).toISOString().slice(0, 13);
}

/** The start instant of an hour bucket. */
export function hourStart(bucket: string): string {
  return `${bucket}:00:00.000Z`;
}

/** The hour buckets of the case window ending at `now`: the last `windowHours`, the current one included. */
export function windowBuckets(now: Date, windowHours: number): { from: string; to: string } {
  const current = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  return {
    from: hourBucket(new Date(current - (windowHours - 1) * 3_600_000)),
    to: hourBucket(new Date(current)),
  };
}

/** One counter a set of reports increments, and by how much. */
export type CounterIncrement =
  | { scope: 'resellerMonth'; id: string; month: string; brn: string; reports: number }
  | { scope: 'relayMonth'; id: string; month: string; relayId: string; reports: number }
  | { scope: 'categoryMonth'; id: string; month: string; category: SpamCategory; reports: number }
  | { scope: 'unattributedMonth'; id: string; month: string; reports: number }
  | {
      scope: 'resellerHour';
      id: string;
      hour: string;
      brn: string;
      reports: number;
      byCategory: Partial<Record<SpamCategory, number>>;
      byRelay: Record<string, number>;
    };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Keyed = DistributiveOmit<CounterIncrement, 'reports' | 'byCategory' | 'byRelay'>;

/** The counters one report increments (each by one), identified by a stable id. */
export function countersOf(r: AttributedReport): Keyed[] {
  const month = kstMonth(r.receivedAt);
  const keys: Keyed[] = [
    { scope: 'categoryMonth', id: `month:${month}:category:${r.category}`, month, category: r.category },
  ];
  if (r.relayId)
    keys.push({ scope: 'relayMonth', id: `month:${month}:relay:${r.relayId}`, month, relayId: r.relayId });
  if (r.brn) {
    const hour = hourBucket(r.receivedAt);
    keys.push({ scope: 'resellerMonth', id: `month:${month}:reseller:${r.brn}`, month, brn: r.brn });
    keys.push({ scope: 'resellerHour', id: `hour:${hour}:reseller:${r.brn}`, hour, brn: r.brn });
  } else {
    keys.push({ scope: 'unattributedMonth', id: `month:${month}:unattributed`, month });
  }
  return keys;
}

/**
 * Aggregates the counters of a set of reports: one increment per counter, however many reports
 * share it (a burst of 500 reports from one reseller in one hour is four increments).
 */
export function aggregate(reports: readonly AttributedReport[]): CounterIncrement[] {
  const byId = new Map<string, CounterIncrement>();
  for (const r of reports) {
    for (const key of countersOf(r)) {
      let inc = byId.get(key.id);
      if (!inc) {
        inc = (
          key.scope === 'resellerHour'
            ? { ...key, reports: 0, byCategory: {}, byRelay: {} }
            : { ...key, reports: 0 }
        ) as CounterIncrement;
        byId.set(key.id, inc);
      }
      inc.reports += 1;
      if (inc.scope === 'resellerHour') {
        inc.byCategory[r.category] = (inc.byCategory[r.category] ?? 0) + 1;
        if (r.relayId) inc.byRelay[r.relayId] = (inc.byRelay[r.relayId] ?? 0) + 1;
      }
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Reports of one reseller in a window, summed over its hourly counters. */
export interface WindowCounts {
  reports: number;
  byCategory: Partial<Record<SpamCategory, number>>;
  byRelay: Record<string, number>;
}

/** A month's report counters (summed over shards). */
export interface MonthlyCounts {
  byCategory: Partial<Record<SpamCategory, number>>;
  byRelay: Record<string, number>;
  byReseller: Record<string, number>;
  unattributed: number;
  certifications: number;
  sanctions: number;
}

/** What happened to each report of a `record` call, by reportId. */
export interface RecordOutcome {
  /**
   * Written now (a report written before is overwritten with itself): counted once, from the
   * store's change stream, when it first appears.
   */
  recorded: string[];
  /** Not written (the store kept failing): retry them. */
  failed: string[];
}

/** The queue failed to take the reports even after retries: the whole call is to be retried (503). */
export class QueueUnavailableError extends DependencyUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, {
      ...options,
      detail:
        'the reports could not be queued; none was accepted. Retry the whole call: reports are recorded once by reportId',
    });
  }
}

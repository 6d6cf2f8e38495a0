import { ValidationError } from '../core/errors.js';
import type { Deps } from '../ports.js';
import { kstMonth, kstMonthRange } from '../spam/attribution.js';

export const TOP_RESELLERS = 50;

export interface MonthlyStatistics {
  month: string;
  from: string;
  to: string;
  live: boolean;
  reports: number;
  reportsByRelay: { relayId: string; reports: number }[];
  reportsByCategory: { category: string; reports: number }[];
  topResellers: { brn: string; reports: number }[];
  unattributed: number;
  certifications: number;
  sanctions: number;
}

const byCountThenName =
  <T extends { reports: number }>(name: (x: T) => string) =>
  (a: T, b: T) =>
    b.reports - a.reports || name(a).localeCompare(name(b));

/**
 * The published monthly statistics (month in KST, 00:00 KST = 15:00Z the day before), live for
 * the current month: reports by relay and category, the top 50 resellers, unattributed reports,
 * certificates issued and sanctions imposed. Read from counters, never by scanning reports.
 */
export async function monthlyStatistics(
  deps: Pick<Deps, 'clock' | 'spamStatistics'>,
  month?: string,
): Promise<MonthlyStatistics> {
  const current = kstMonth(deps.clock.now());
  const wanted = month ?? current;
  if (wanted > current) {
    throw new ValidationError('that month has not started yet', [
      { path: 'query.month', message: `must not be after the current month ${current} (KST)` },
    ]);
  }
  const counts = await deps.spamStatistics.month(wanted);
  const reportsByCategory = Object.entries(counts.byCategory)
    .map(([category, reports]) => ({ category, reports: reports ?? 0 }))
    .filter((x) => x.reports > 0)
    .sort(byCountThenName((x) => x.category));
  return {
    month: wanted,
    ...kstMonthRange(wanted),
    live: wanted === current,
    reports: reportsByCategory.reduce((n, x) => n + x.reports, 0),
    reportsByRelay: Object.entries(counts.byRelay)
      .map(([relayId, reports]) => ({ relayId, reports }))
      .filter((x) => x.reports > 0)
      .sort(byCountThenName((x) => x.relayId)),
    reportsByCategory,
    topResellers: Object.entries(counts.byReseller)
      .map(([brn, reports]) => ({ brn, reports }))
      .filter((x) => x.reports > 0)
      .sort(byCountThenName((x) => x.brn))
      .slice(0, TOP_RESELLERS),
    unattributed: counts.unattributed,
    certifications: counts.certifications,
    sanctions: counts.sanctions,
  };
}

import type { Deps } from './ports.js';
import { type AttributedReport, attribute, type SpamReport } from './spam.js';
import { type CaseCheck, evaluateSpamCase } from './spam-cases.js';

/** One queue message: its id (to report a failure against) and its reports. */
export interface ReportMessage {
  id: string;
  reports: readonly SpamReport[];
}

export interface IngestResult {
  /** Messages to deliver again (their reports were not all recorded, or a case check failed). */
  failedMessages: Map<string, Error>;
  recorded: number;
  duplicates: number;
  failed: number;
  cases: { brn: string; outcome: CaseCheck['outcome'] }[];
}

const CASE_CHECK_CONCURRENCY = 4;

/**
 * The consumer's unit of work over a batch of messages:
 * 1. attribute each report (first-sender code → reseller, else relay only, else none);
 * 2. record every report once, with the aggregated counter increments of exactly the reports
 *    written (duplicates by reportId are dropped, not counted);
 * 3. for each reseller touched, check the rolling window and open a case if a threshold is crossed.
 * A message fails (and comes back) only if one of its reports was not recorded, or the case check
 * of one of its resellers failed; a redelivery records nothing twice and re-checks the case.
 */
export async function ingestSpamReports(
  deps: Deps,
  messages: readonly ReportMessage[],
): Promise<IngestResult> {
  const messagesOf = new Map<string, Set<string>>();
  const unique = new Map<string, SpamReport>();
  for (const m of messages) {
    for (const r of m.reports) {
      if (!unique.has(r.reportId)) unique.set(r.reportId, r);
      const ids = messagesOf.get(r.reportId) ?? new Set<string>();
      ids.add(m.id);
      messagesOf.set(r.reportId, ids);
    }
  }
  const codes = [
    ...new Set([...unique.values()].flatMap((r) => (r.firstSenderCode ? [r.firstSenderCode] : []))),
  ];
  const holders = codes.length > 0 ? await deps.firstSenderCodes.resolve(codes) : new Map<string, string>();
  const attributed: AttributedReport[] = [...unique.values()].map((r) => attribute(r, holders));

  const outcome = await deps.spamReports.record(attributed);
  const failedMessages = new Map<string, Error>();
  const fail = (reportIds: Iterable<string>, error: Error) => {
    for (const id of reportIds)
      for (const m of messagesOf.get(id) ?? []) if (!failedMessages.has(m)) failedMessages.set(m, error);
  };
  if (outcome.failed.length > 0) {
    fail(
      outcome.failed,
      new Error(`${outcome.failed.length} reports could not be recorded; delivered again`),
    );
  }

  // Case checks for every reseller with reports now on record (new or seen before: a redelivery
  // after a failed check must check again).
  const failed = new Set(outcome.failed);
  const reportsOf = new Map<string, string[]>();
  for (const r of attributed) {
    if (!r.brn || failed.has(r.reportId)) continue;
    const list = reportsOf.get(r.brn) ?? [];
    list.push(r.reportId);
    reportsOf.set(r.brn, list);
  }
  const cases: IngestResult['cases'] = [];
  const brns = [...reportsOf.keys()].sort();
  await eachLimited(brns, CASE_CHECK_CONCURRENCY, async (brn) => {
    try {
      const check = await evaluateSpamCase(deps, brn);
      cases.push({ brn, outcome: check.outcome });
    } catch (error) {
      fail(reportsOf.get(brn)!, error instanceof Error ? error : new Error(String(error)));
    }
  });
  return {
    failedMessages,
    recorded: outcome.recorded.length,
    duplicates: outcome.duplicates.length,
    failed: outcome.failed.length,
    cases: cases.sort((a, b) => a.brn.localeCompare(b.brn)),
  };
}

async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

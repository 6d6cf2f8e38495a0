import type { Deps } from '../ports.js';
import { type AttributedReport, attribute, type SpamReport } from './attribution.js';

/** One queue message: its id (to report a failure against) and its reports. */
export interface ReportMessage {
  id: string;
  reports: readonly SpamReport[];
}

export interface IngestResult {
  /** Messages to deliver again (their reports were not all recorded). */
  failedMessages: Map<string, Error>;
  recorded: number;
  failed: number;
}

/**
 * The queue consumer's unit of work over a batch of messages:
 * 1. attribute each report (first-sender code → reseller, else relay only, else none);
 * 2. record every report under its reportId (a report recorded before overwrites itself).
 * Counting and case checks follow from the store's change stream (spam-counting.ts), which sees a
 * report's first write only: so a redelivered message or a re-sent call counts nothing twice.
 * A message fails (and comes back) only if one of its reports was not recorded.
 */
export async function ingestSpamReports(
  deps: Pick<Deps, 'firstSenderCodes' | 'spamReports'>,
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
  if (outcome.failed.length > 0) {
    const error = new Error(`${outcome.failed.length} reports could not be recorded; delivered again`);
    for (const id of outcome.failed)
      for (const m of messagesOf.get(id) ?? []) if (!failedMessages.has(m)) failedMessages.set(m, error);
  }
  return { failedMessages, recorded: outcome.recorded.length, failed: outcome.failed.length };
}

/**
 * Ports of spam intake, attribution, counting and statistics (issue 5, intake side).
 * Fields added here join `Deps` (ports.ts) without touching it.
 */
import type { Reseller } from './eligibility.js';
import type { AuditEntry } from './ports.js';
import type { AttributedReport, MonthlyCounts, RecordOutcome, SpamReport, WindowCounts } from './spam.js';

/** The intake queue (SQS in AWS, fauxqs locally). */
export interface SpamReportQueue {
  /**
   * Queues validated reports, many per message. Either every report is queued or the call throws
   * QueueUnavailableError (some may have been queued: the consumer is idempotent by reportId).
   */
  enqueue(reports: readonly SpamReport[]): Promise<void>;
}

/** Reports and their counters. */
export interface SpamReportStore {
  /**
   * Records each report once (by reportId) together with the counter increments of exactly the
   * reports written, atomically: a report is counted if and only if it is recorded. Never throws
   * for a store failure: the reports it could not write come back as `failed`.
   */
  record(reports: readonly AttributedReport[]): Promise<RecordOutcome>;
  /** A reseller's reports in the hour buckets `fromHour`..`toHour` (inclusive). */
  window(brn: string, fromHour: string, toHour: string): Promise<WindowCounts>;
  /** Does the reseller have an OPEN case right now? (A cheap read before trying to open one.) */
  openCaseExists(brn: string): Promise<boolean>;
}

/** First-sender identification codes: which reseller inserts which code. */
export interface FirstSenderCodeRegistry {
  /** The holder (brn) of each known code; unknown codes are absent. */
  resolve(codes: readonly string[]): Promise<Map<string, string>>;
  /**
   * Replaces a reseller's codes and its record atomically: new codes are claimed (a code held by
   * another reseller throws FirstSenderCodeTakenError), dropped ones released, the reseller written
   * at its read revision (else ConcurrentUpdateError), the audit entry appended.
   */
  replace(unit: { before: Reseller; after: Reseller; audit: AuditEntry }): Promise<void>;
}

/** Monthly statistics counters. */
export interface SpamStatisticsRepository {
  month(month: string): Promise<MonthlyCounts>;
}

export interface SpamDeps {
  spamQueue: SpamReportQueue;
  spamReports: SpamReportStore;
  firstSenderCodes: FirstSenderCodeRegistry;
  spamStatistics: SpamStatisticsRepository;
}

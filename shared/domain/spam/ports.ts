/**
 * Ports of spam intake, attribution, counting and statistics (issue 5, intake side).
 * Fields added here join `Deps` (ports.ts) without touching it.
 */

import type { AuditEntry } from '../audit/audit-entry.js';
import type { Reseller } from '../resellers/eligibility.js';
import type {
  AttributedReport,
  CounterIncrement,
  MonthlyCounts,
  RecordOutcome,
  SpamReport,
  WindowCounts,
} from './attribution.js';

/** The intake queue (SQS in AWS, fauxqs locally). */
export interface SpamReportQueue {
  /**
   * Queues validated reports, many per message. Either every report is queued or the call throws
   * QueueUnavailableError (some may have been queued: the consumer is idempotent by reportId).
   */
  enqueue(reports: readonly SpamReport[]): Promise<void>;
}

/** What a reseller's case check reads: the open-case flag and the window's hourly counters. */
export type CaseInputs = Pick<SpamReportStore, 'window' | 'openCaseExists'>;

/** Reports and the reads of the case check. */
export interface SpamReportStore {
  /**
   * Writes each report under its reportId. A report written again (a redelivery, a client retry)
   * overwrites itself, so it is counted once: counting follows first writes only (SpamCounter).
   * Never throws for a store failure: the reports it could not write come back as `failed`.
   */
  record(reports: readonly AttributedReport[]): Promise<RecordOutcome>;
  /** A reseller's reports in the hour buckets `fromHour`..`toHour` (inclusive). */
  window(brn: string, fromHour: string, toHour: string): Promise<WindowCounts>;
  /** Does the reseller have an OPEN case right now? (A cheap read before trying to open one.) */
  openCaseExists(brn: string): Promise<boolean>;
  /**
   * Reads the case inputs of many resellers at once (a few batched reads instead of several per
   * reseller); the view answers other questions by reading through.
   */
  caseInputs?(brns: readonly string[], fromHour: string, toHour: string): Promise<CaseInputs>;
}

/**
 * Counts first-written reports. A batch is a run of consecutive change records of one stream
 * shard, identified by its first and last sequence numbers.
 */
export interface CountBatch {
  first: string;
  last: string;
  increments: readonly CounterIncrement[];
}

export type CountOutcome =
  /** The increments and the batch's marker were committed together. */
  | { status: 'COUNTED' }
  /** A batch starting at `first` was counted before, up to and including `through`. */
  | { status: 'SEEN'; through: string };

export interface SpamCounter {
  /**
   * Adds the increments and records the batch as counted, atomically; a batch starting where a
   * counted one started adds nothing and says how far that one went.
   */
  commit(batch: CountBatch): Promise<CountOutcome>;
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
  spamCounter: SpamCounter;
  firstSenderCodes: FirstSenderCodeRegistry;
  spamStatistics: SpamStatisticsRepository;
}

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { isDependencyUnavailable } from '../http/problem.js';
import { logger, metrics, observability } from '../observability.js';

/**
 * The one wrapper of every queue (SQS) and stream (DynamoDB Streams) consumer, the counterpart of
 * shared/http/http-handler.ts: the same logger, correlation ids and metrics (shared/observability.ts),
 * and partial batch responses built by Powertools' BatchProcessor (`processPartialResponse`), so only
 * the records that failed come back (ReportBatchItemFailures on the event source mapping).
 *
 * Two ways to consume:
 * - `record`: one record at a time. Queue messages run in parallel (unordered by nature); stream
 *   records run in order and stop at the first failure: the records after it are reported failed
 *   without being run, because the stream resumes from the first failed record and must not see a
 *   later change applied before an earlier one.
 * - `batch`: the whole batch at once (counting aggregated per batch, a writer that keeps order),
 *   naming the records that failed. On a stream, the first failed record and every one after it
 *   are reported, whatever the consumer named.
 */
export interface Sources {
  sqs: { event: SQSEvent; record: SQSRecord; response: SQSBatchResponse };
  stream: { event: DynamoDBStreamEvent; record: DynamoDBRecord; response: DynamoDBBatchResponse };
}
export type Source = keyof Sources;
export type RecordOf<S extends Source> = Sources[S]['record'];

/** Of a batch handled whole: the records that failed, each with its reason (none: all done). */
export interface BatchOutcome<R> {
  failed?: ReadonlyMap<R, unknown>;
}

export type ProcessRecord<R> = (record: R, context: Context) => Promise<void>;
export type ProcessBatch<R> = (records: readonly R[], context: Context) => Promise<BatchOutcome<R>>;

export type BatchHandlerSpec<S extends Source> = {
  source: S;
  /** The consumer's name in logs and metrics (its functions/ folder). */
  name: string;
} & (
  | { record: ProcessRecord<RecordOf<S>>; batch?: never }
  | { batch: ProcessBatch<RecordOf<S>>; record?: never }
);

/**
 * An expected, temporary failure (a relay that did not answer, a notice held back): the record
 * comes back and nothing is wrong with the consumer. Logged as a warning, not an error.
 */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
}

/** A stream record after the first failed one: not run, it comes back with it. */
export class AfterFailedRecordError extends Error {
  override name = 'AfterFailedRecordError';
  constructor() {
    super('an earlier record of the batch failed; this one comes back with it');
  }
}

/** The id a record is reported and logged by: the message id, or the stream sequence number. */
export function recordId(record: SQSRecord | DynamoDBRecord): string {
  return 'messageId' in record ? record.messageId : (record.dynamodb?.SequenceNumber ?? '');
}

/**
 * The correlation id of one record: the id its producer sent along (message attribute
 * `correlationId`), else the message id or the stream record's event id.
 */
export function correlationIdOf(record: SQSRecord | DynamoDBRecord): string | undefined {
  if ('messageId' in record) return record.messageAttributes?.correlationId?.stringValue ?? record.messageId;
  return record.eventID;
}

/** Of a stream batch's failures: the first failed record and every record after it. */
export function fromFirstFailure<R>(records: readonly R[], failed: ReadonlyMap<R, unknown>): Map<R, unknown> {
  const out = new Map<R, unknown>();
  const first = records.findIndex((r) => failed.has(r));
  if (first < 0) return out;
  for (const r of records.slice(first)) out.set(r, failed.get(r) ?? new AfterFailedRecordError());
  return out;
}

export function batchHandler<S extends Source>(spec: BatchHandlerSpec<S>) {
  type R = RecordOf<S>;
  type E = Sources[S]['event'];
  const ordered = spec.source === 'stream';

  const core = async (event: E, context: Context): Promise<Sources[S]['response']> => {
    const records = event.Records as R[];
    const startedAt = performance.now();
    const errors = new Map<R, unknown>();
    let recordHandler: (record: R) => Promise<void>;
    let processInParallel: boolean;

    if (spec.batch) {
      let failed: ReadonlyMap<R, unknown>;
      try {
        failed = (await spec.batch(records, context)).failed ?? new Map();
      } catch (error) {
        // The whole batch failed: every record comes back (a stream resumes at the first).
        failed = new Map(records.map((r) => [r, error]));
      }
      const reported = ordered ? fromFirstFailure(records, failed) : failed;
      recordHandler = async (record) => {
        if (!reported.has(record)) return;
        errors.set(record, reported.get(record));
        throw reported.get(record);
      };
      processInParallel = true; // nothing runs here any more; the outcome is known
    } else {
      const processRecord = spec.record;
      let stopped = false;
      recordHandler = async (record) => {
        if (ordered && stopped) {
          const skipped = new AfterFailedRecordError();
          errors.set(record, skipped);
          throw skipped;
        }
        if (ordered) logger.setCorrelationId(correlationIdOf(record));
        try {
          await processRecord(record, context);
        } catch (error) {
          stopped = true;
          errors.set(record, error);
          throw error;
        }
      };
      processInParallel = !ordered;
    }

    // One processor per invocation: its state is per batch (the local runtime may run two at once).
    const processor = new BatchProcessor(ordered ? EventType.DynamoDBStreams : EventType.SQS);
    const response = (await processPartialResponse(event, recordHandler, processor, {
      context,
      processInParallel,
      // A batch that failed whole is reported, not thrown: the stream resumes at its first record
      // (bisecting at it), the queue returns every message, and no error masks the reasons.
      throwOnFullBatchFailure: false,
    })) as Sources[S]['response'];
    report(spec.name, records, errors, startedAt);
    return response;
  };

  return middy<E, Sources[S]['response']>()
    .use(
      observability<E, Sources[S]['response']>((event) =>
        // One record: its correlation id for the whole invocation; several: each record's own.
        event.Records?.length === 1 ? correlationIdOf(event.Records[0]!) : undefined,
      ),
    )
    .handler(core);
}

/** One line per batch, one per failed record (ids and error names only, never contents). */
function report<R extends SQSRecord | DynamoDBRecord>(
  name: string,
  records: readonly R[],
  errors: ReadonlyMap<R, unknown>,
  startedAt: number,
): void {
  for (const [record, error] of errors) {
    if (error instanceof AfterFailedRecordError) continue;
    const e = error as Error | undefined;
    const expected = error instanceof RetryLaterError || isDependencyUnavailable(error);
    const line = {
      consumer: name,
      record: recordId(record),
      correlation_id: correlationIdOf(record),
      error: e?.name,
      detail: e?.message,
    };
    if (expected) logger.warn('record not processed; it comes back', line);
    else logger.error('record failed; it comes back', { ...line, ...(e?.stack ? { stack: e.stack } : {}) });
  }
  logger.info('batch', {
    consumer: name,
    records: records.length,
    failed: errors.size,
    ms: Math.round(performance.now() - startedAt),
  });
  if (errors.size > 0) {
    metrics.addDimension('consumer', name);
    metrics.addMetric('BatchRecordsFailed', MetricUnit.Count, errors.size);
  }
}

import type { Context, DynamoDBRecord } from 'aws-lambda';
import { logger } from '../observability.js';
import type { ProcessBatch } from './batch-handler.js';

/**
 * One stream reader, several consumers. A DynamoDB stream shard serves at most two readers at once,
 * so consumers of one table share a reader that hands each of them the records it wants. The
 * stream can only resume a batch at one record (the first one any consumer failed), so a consumer
 * that got further must not run again what it already did: the reader saves how far it got, keyed
 * by the record the retry starts at, and on the retry each consumer skips what it had done.
 * Consumers stay idempotent anyway (a lost save, or a retry split differently, re-runs them).
 */
export interface InProcessConsumer {
  name: string;
  /** The records it consumes (its entity and event filter). */
  wants: (record: DynamoDBRecord) => boolean;
  /** Its records of the batch, in stream order; the failed ones come back (from the first on). */
  run: ProcessBatch<DynamoDBRecord>;
}

export interface ConsumerProgress {
  consumer: string;
  /** The event id of the record the stream resumes at. */
  resumeAt: string;
  /** The last sequence number the consumer handled (it skips up to here on the retry). */
  through: string;
}

/** Where each consumer got to when a batch came back because of another one. */
export interface StreamProgress {
  /** Of a batch starting at the record with event id `resumeAt`: each consumer's saved progress. */
  read(consumers: readonly string[], resumeAt: string): Promise<ReadonlyMap<string, string>>;
  save(progress: readonly ConsumerProgress[]): Promise<void>;
}

/** Stream sequence numbers are decimal strings of varying length; within a shard they only grow. */
export function sequenceAtOrBefore(sequence: string | undefined, through: string): boolean {
  if (!sequence || !/^\d+$/.test(sequence) || !/^\d+$/.test(through)) return false;
  return BigInt(sequence) <= BigInt(through);
}

/** The consumers' failures, as indexes into `records` (the first failed record of each). */
async function runConsumer(
  consumer: InProcessConsumer,
  records: readonly DynamoDBRecord[],
  through: string | undefined,
  context: Context,
): Promise<{ failedAt?: number; error?: unknown }> {
  const mine: number[] = [];
  records.forEach((r, i) => {
    if (consumer.wants(r) && !(through && sequenceAtOrBefore(r.dynamodb?.SequenceNumber, through)))
      mine.push(i);
  });
  if (mine.length === 0) return {};
  const own = mine.map((i) => records[i]!);
  let failed: ReadonlyMap<DynamoDBRecord, unknown>;
  try {
    failed = (await consumer.run(own, context)).failed ?? new Map();
  } catch (error) {
    failed = new Map([[own[0]!, error]]);
  }
  const first = own.findIndex((r) => failed.has(r));
  return first < 0 ? {} : { failedAt: mine[first]!, error: failed.get(own[first]!) };
}

/**
 * The batch function of a stream reader dispatching to `consumers` (in parallel: they are
 * independent). The batch comes back from the earliest record any consumer failed; the
 * consumers that got past it have their progress saved for the retry.
 */
export function dispatchStream(
  consumers: readonly InProcessConsumer[],
  progress: () => StreamProgress,
): ProcessBatch<DynamoDBRecord> {
  return async (records, context) => {
    const firstId = records[0]?.eventID;
    if (!firstId) return {};
    const saved = await progress()
      .read(
        consumers.map((c) => c.name),
        firstId,
      )
      .catch((error: unknown) => {
        // Without it every consumer runs the whole batch: idempotent, only slower.
        logger.warn('stream progress not read', { error: (error as Error).name });
        return new Map<string, string>();
      });
    const outcomes = await Promise.all(
      consumers.map((c) => runConsumer(c, records, saved.get(c.name), context)),
    );
    const failedAt = outcomes.flatMap((o) => (o.failedAt === undefined ? [] : [o.failedAt]));
    if (failedAt.length === 0) return {};
    const resume = Math.min(...failedAt);
    const resumeRecord = records[resume]!;
    const ahead: ConsumerProgress[] = [];
    consumers.forEach((c, i) => {
      const failed = outcomes[i]!.failedAt;
      const handled = failed === undefined ? records.length - 1 : failed - 1;
      if (handled < resume) return; // not past the resume point: it runs from there anyway
      const last = records[handled]!.dynamodb?.SequenceNumber;
      const before = saved.get(c.name);
      const through = before && (!last || sequenceAtOrBefore(last, before)) ? before : last;
      if (through) ahead.push({ consumer: c.name, resumeAt: resumeRecord.eventID!, through });
    });
    if (ahead.length > 0) {
      await progress()
        .save(ahead)
        .catch((error: unknown) =>
          logger.warn('stream progress not saved; consumers that were done run again', {
            error: (error as Error).name,
          }),
        );
    }
    const error = outcomes.find((o) => o.failedAt === resume)!.error;
    return { failed: new Map([[resumeRecord, error]]) };
  };
}

import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../dynamodb-local.js';
import { handledPrefix, lambdaContext, toLambdaRecord } from './stream-records.js';

export { entityFilter, handledPrefix, toLambdaRecord } from './stream-records.js';

/**
 * The Lambda DynamoDB Streams event source mapping, played locally against DynamoDB Local's
 * streams (the outbox relay's trigger). What it reproduces:
 *
 * - every shard of the table's latest stream is read in order by its own worker; a child shard
 *   starts once its parent is read to its end (so the order of one item's changes holds);
 * - records go to the handler in batches of up to `batchSize` (waiting up to `batchingWindowMs`
 *   for a batch to fill) as a real `DynamoDBStreamEvent`
 *   (eventName, dynamodb.Keys/NewImage/OldImage/SequenceNumber/ApproximateCreationDateTime in
 *   epoch seconds, binary attributes as base64, eventSourceARN = the stream ARN);
 * - `filter` plays the event filter: records it rejects never reach the handler (they still count
 *   as processed), like a FilterCriteria pattern;
 * - checkpointing: after a batch succeeds the shard's checkpoint moves to its last record; a
 *   thrown error retries the whole batch, and `{batchItemFailures: [{itemIdentifier: <seq>}]}`
 *   (ReportBatchItemFailures) checkpoints up to the record before it and retries from it, with
 *   backoff; an identifier not in the batch fails the whole batch, as in AWS. Retries are unbounded
 *   (AWS's default), so nothing is skipped;
 * - a shard iterator that expired is re-acquired after the checkpoint.
 *
 * Polling: after a read that returned nothing the worker pauses `pollMs`; once its reads have come back
 * empty for `idleAfterMs`, it pauses `idlePollMs` instead (an idle runtime then costs little). `wake()`
 * (called when a write is known to have committed) ends every pause at once.
 *
 * Checkpoints live in memory: a restarted runtime with persisted data reads the stream again from
 * TRIM_HORIZON (the last 24 hours), which an idempotent consumer absorbs.
 */
export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined | unknown>;

export interface StreamConsumerOptions {
  dynamodbEndpoint: string;
  tableName: string;
  handler: StreamHandler | ((event: never, context: Context) => Promise<unknown>);
  /** Records per invocation (AWS: 1-10000; DynamoDB returns at most 1000 per read). Default 100. */
  batchSize?: number;
  /** MaximumBatchingWindowInSeconds, in ms: how long to wait for more records to fill a batch. Default 0. */
  batchingWindowMs?: number;
  /** Pause after a read that returned nothing. Default 100 ms. */
  pollMs?: number;
  /** Pause once reads have come back empty for `idleAfterMs`. Default `pollMs` (no idle pause). */
  idlePollMs?: number;
  /** How long reads must come back empty before the idle pause applies. Default 1000 ms. */
  idleAfterMs?: number;
  /** The event filter: records for which it returns false are skipped. Default: every record. */
  filter?: (record: DynamoDBRecord) => boolean;
  /** How often to look for new shards. Default 1000 ms. */
  shardDiscoveryMs?: number;
  functionName?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Called when a batch fails or a read errors (default: one line on stderr, no record contents). */
  onError?: (error: unknown, info: { functionName: string; shardId?: string; records: number }) => void;
}

export interface StreamConsumer {
  /** Stops reading and waits for the batches in hand. Safe to call more than once. */
  stop(): Promise<void>;
  /**
   * Resolves once every shard has been read to its current end after this call and no batch is in
   * hand (what was written before the call has been handled); rejects after `timeoutMs`.
   */
  drain(opts?: { timeoutMs?: number }): Promise<void>;
  /** The last sequence number handled, per shard. */
  checkpoints(): Record<string, string>;
  /** Ends every worker's pause now (something was written): new records are read at once. */
  wake(): void;
  readonly stats: { invocations: number; records: number; failedBatches: number; skipped: number };
}

const MAX_READ = 1000;

const defaultOnError: NonNullable<StreamConsumerOptions['onError']> = (error, info) => {
  const e = error as Error;
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', msg: 'stream batch not processed', function: info.functionName, shard: info.shardId, records: info.records, error: e?.name, detail: e?.message })}\n`,
  );
};

const sleep = (ms: number, signal: AbortSignal, wakers?: Set<() => void>) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      wakers?.delete(done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    wakers?.add(done);
  });

interface ShardState {
  shard: Shard;
  checkpoint?: string;
  done: boolean;
  busy: boolean;
  /** When a read last came back empty (the shard was caught up then). */
  caughtUpAt: number;
  /** Since when reads have come back empty without a break (undefined: the last read had records). */
  emptySince?: number | undefined;
}

/** Starts reading the table's stream; see the module comment for the semantics. */
export async function startStreamConsumer(opts: StreamConsumerOptions): Promise<StreamConsumer> {
  const region = opts.region ?? LOCAL_REGION;
  const credentials = opts.credentials ?? LOCAL_CREDENTIALS;
  const batchSize = opts.batchSize ?? 100;
  const batchingWindowMs = opts.batchingWindowMs ?? 0;
  const pollMs = opts.pollMs ?? 100;
  const idlePollMs = opts.idlePollMs ?? pollMs;
  const idleAfterMs = opts.idleAfterMs ?? 1000;
  const discoveryMs = opts.shardDiscoveryMs ?? 1000;
  const functionName = opts.functionName ?? 'local-stream-consumer';
  const onError = opts.onError ?? defaultOnError;
  const handler = opts.handler as StreamHandler;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new Error(`batchSize must be 1-10000, not ${batchSize}`);
  }

  const dynamo = new DynamoDBClient({ endpoint: opts.dynamodbEndpoint, region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: opts.dynamodbEndpoint, region, credentials });
  let streamArn: string;
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: opts.tableName }));
    if (!Table?.LatestStreamArn || !Table.StreamSpecification?.StreamEnabled) {
      throw new Error(`table ${opts.tableName} has no stream enabled`);
    }
    streamArn = Table.LatestStreamArn;
  } finally {
    dynamo.destroy();
  }

  const abort = new AbortController();
  const shards = new Map<string, ShardState>();
  const workers: Promise<void>[] = [];
  const stats = { invocations: 0, records: 0, failedBatches: 0, skipped: 0 };
  /** The pauses after empty reads in progress; `wake()` ends them. */
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const state of shards.values()) state.emptySince = undefined;
    for (const done of [...wakers]) done();
  };

  const listShards = async (): Promise<Shard[]> => {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        }),
        { abortSignal: abort.signal },
      );
      all.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return all;
  };

  const iteratorFor = async (state: ShardState, type: ShardIteratorType, seq?: string) => {
    const out = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: state.shard.ShardId!,
        ShardIteratorType: type,
        ...(seq ? { SequenceNumber: seq } : {}),
      }),
      { abortSignal: abort.signal },
    );
    return out.ShardIterator;
  };

  /** Reads one shard to its end (or until stopped), handing batches to the handler. */
  const work = async (state: ShardState, initial: ShardIteratorType) => {
    const shardId = state.shard.ShardId!;
    let iterator: string | undefined;
    let backoff = 100;
    const reacquire = async () =>
      state.checkpoint
        ? iteratorFor(state, 'AFTER_SEQUENCE_NUMBER', state.checkpoint)
        : iteratorFor(state, initial);
    while (!abort.signal.aborted) {
      try {
        iterator ??= await reacquire();
        if (!iterator) break;
        const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: MAX_READ }), {
          abortSignal: abort.signal,
        });
        let raw = out.Records ?? [];
        let next = out.NextShardIterator;
        if (raw.length === 0) {
          const now = Date.now();
          state.caughtUpAt = now;
          state.emptySince ??= now;
          iterator = next;
          if (!iterator) break; // closed and fully read
          await sleep(now - state.emptySince >= idleAfterMs ? idlePollMs : pollMs, abort.signal, wakers);
          continue;
        }
        state.emptySince = undefined;
        // The batching window: wait up to `batchingWindowMs` for more records to fill the batch.
        if (batchingWindowMs > 0 && raw.length < batchSize) {
          state.busy = true;
          const until = Date.now() + batchingWindowMs;
          while (raw.length < batchSize && next && Date.now() < until && !abort.signal.aborted) {
            await sleep(Math.min(pollMs, until - Date.now()), abort.signal);
            const more = await streams.send(new GetRecordsCommand({ ShardIterator: next, Limit: MAX_READ }), {
              abortSignal: abort.signal,
            });
            raw = raw.concat(more.Records ?? []);
            next = more.NextShardIterator;
          }
          state.busy = false;
        }
        let failed = false;
        for (let i = 0; i < raw.length && !failed && !abort.signal.aborted; i += batchSize) {
          const slice = raw.slice(i, i + batchSize).map((r) => toLambdaRecord(r, streamArn, region));
          const wanted = opts.filter ? slice.filter(opts.filter) : slice;
          stats.skipped += slice.length - wanted.length;
          let done = slice.length;
          if (wanted.length > 0) {
            state.busy = true;
            let outcome: { ok: true; response: unknown } | { ok: false };
            try {
              stats.invocations += 1;
              outcome = {
                ok: true,
                response: await handler({ Records: wanted }, lambdaContext(functionName)),
              };
            } catch (error) {
              outcome = { ok: false };
              onError(error, { functionName, shardId, records: wanted.length });
            } finally {
              state.busy = false;
            }
            const handled = handledPrefix(wanted, outcome);
            stats.records += handled;
            if (handled < wanted.length) {
              stats.failedBatches += 1;
              if (outcome.ok) {
                onError(new Error(`${wanted.length - handled} record(s) reported as failed`), {
                  functionName,
                  shardId,
                  records: wanted.length,
                });
              }
              // Resume from the first unhandled record (filtered-out records before it are done too).
              const firstFailed = wanted[handled]!.dynamodb!.SequenceNumber!;
              done = slice.findIndex((r) => r.dynamodb?.SequenceNumber === firstFailed);
              failed = true;
            }
          }
          if (done > 0) state.checkpoint = slice[done - 1]!.dynamodb!.SequenceNumber!;
        }
        if (failed) {
          iterator = undefined; // re-read from the checkpoint after a pause
          await sleep(backoff, abort.signal);
          backoff = Math.min(backoff * 2, 5_000);
          continue;
        }
        backoff = 100;
        iterator = next;
        if (!iterator) break;
      } catch (error) {
        if (abort.signal.aborted) break;
        const name = (error as { name?: string }).name;
        if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
          iterator = undefined;
          continue;
        }
        onError(error, { functionName, shardId, records: 0 });
        iterator = undefined;
        await sleep(backoff, abort.signal);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
    state.done = !abort.signal.aborted;
  };

  /** Starts a worker for every shard not seen yet whose parent (if we know it) is read to its end. */
  const discover = async () => {
    const found = await listShards();
    const known = new Set(found.map((s) => s.ShardId!));
    for (const shard of found) {
      const id = shard.ShardId!;
      if (shards.has(id)) continue;
      // A child waits until its parent (when still retained) has been read to its end.
      const parent = shard.ParentShardId;
      if (parent && known.has(parent) && !shards.get(parent)?.done) continue;
      const state: ShardState = { shard, done: false, busy: false, caughtUpAt: 0 };
      shards.set(id, state);
      // Every shard is read from its oldest record (TRIM_HORIZON), as the deployed mapping does.
      workers.push(work(state, 'TRIM_HORIZON'));
    }
  };

  // Shards whose parents finish are found on the next discovery round.
  await discover();
  const discovery = (async () => {
    while (!abort.signal.aborted) {
      await sleep(discoveryMs, abort.signal);
      if (abort.signal.aborted) break;
      try {
        await discover();
      } catch (error) {
        if (!abort.signal.aborted) onError(error, { functionName, records: 0 });
      }
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    stats,
    checkpoints: () =>
      Object.fromEntries(
        [...shards.entries()].filter(([, s]) => s.checkpoint).map(([id, s]) => [id, s.checkpoint!]),
      ),
    wake,
    async drain({ timeoutMs = 30_000 } = {}) {
      const since = Date.now();
      wake(); // what was written before this call is read now, not after an idle pause
      const until = since + timeoutMs;
      for (;;) {
        await discover();
        const states = [...shards.values()];
        if (states.every((s) => s.done || (!s.busy && s.caughtUpAt > since))) return;
        if (Date.now() > until)
          throw new Error(`stream of ${opts.tableName} did not drain within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, Math.min(pollMs, 50)));
      }
    },
    stop() {
      stopped ??= (async () => {
        abort.abort();
        await Promise.allSettled([discovery, ...workers]);
        streams.destroy();
      })();
      return stopped;
    },
  };
}

import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';

/**
 * The Lambda SQS event source mapping, played locally (a small poller any SQS consumer can use:
 * the spam-report queue, the notice fan-out queue, ...). What it reproduces:
 *
 * - `maxConcurrency` pollers long-poll the queue; each builds a batch of up to `batchSize`
 *   messages, waiting up to `maxBatchingWindowSeconds` for a batch to fill (0: hand over whatever
 *   one receive returned);
 * - received messages stay invisible for `visibilityTimeoutSeconds` (sent on ReceiveMessage, like
 *   the queue attribute the mapping relies on);
 * - the handler gets a real `SQSEvent` (messageId, receiptHandle, body, attributes with
 *   ApproximateReceiveCount, SentTimestamp..., messageAttributes, md5OfBody, eventSource,
 *   eventSourceARN, awsRegion) and a Lambda `Context`;
 * - on success the batch is deleted; a thrown error leaves the whole batch; a returned
 *   `{batchItemFailures: [{itemIdentifier}]}` deletes all others and leaves those (an identifier
 *   that is not in the batch fails the whole batch, as in AWS). What is left reappears after the
 *   visibility timeout;
 * - redrive to the DLQ after maxReceiveCount is the queue's own RedrivePolicy (fauxqs does it on
 *   receive, as SQS does), so nothing here counts receives.
 *
 * `drain()` resolves once the queue is empty (nothing visible, in flight or delayed) and no batch
 * is being handled; `stop()` stops polling and waits for the batches in hand.
 */
export type SqsHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined | unknown>;

export interface SqsEventSourceOptions {
  client: SQSClient;
  queueUrl: string;
  /** The consumer. Any Lambda handler shape; its SQSBatchResponse (if any) is honoured. */
  handler: SqsHandler | ((event: never, context: Context) => Promise<unknown>);
  /** 1-10000 like AWS; receives fetch 10 at a time. Default 10. */
  batchSize?: number;
  /** Default 0. */
  maxBatchingWindowSeconds?: number;
  /** Default 30 (SQS's default). */
  visibilityTimeoutSeconds?: number;
  /** Concurrent pollers = concurrent invocations (AWS: 2-1000). Default 2. */
  maxConcurrency?: number;
  /** For the Lambda context and logs. */
  functionName?: string;
  /** Long-poll wait per receive (1-20 s); short so that stop() is prompt. Default 1. */
  waitTimeSeconds?: number;
  /** Called when a batch fails or a poll errors (default: one line on stderr, no message bodies). */
  onError?: (error: unknown, info: { functionName: string; messageIds: string[] }) => void;
}

export interface SqsEventSource {
  /** Resolves once the queue is empty and no batch is in hand (rejects after `timeoutMs`). */
  drain(opts?: { timeoutMs?: number; pollMs?: number }): Promise<void>;
  /** Stops polling and waits for the batches being handled. Safe to call more than once. */
  stop(): Promise<void>;
  /** Invocations so far, and message outcomes. */
  readonly stats: { invocations: number; succeeded: number; failed: number };
}

const RECEIVE_MAX = 10;

function toRecord(m: Message, eventSourceARN: string, awsRegion: string): SQSRecord {
  const a = m.Attributes ?? {};
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, v] of Object.entries(m.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: v.DataType ?? 'String',
      ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
      ...(v.BinaryValue !== undefined ? { binaryValue: Buffer.from(v.BinaryValue).toString('base64') } : {}),
      stringListValues: v.StringListValues ?? [],
      binaryListValues: (v.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
    };
  }
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(a.SequenceNumber ? { SequenceNumber: a.SequenceNumber } : {}),
      ...(a.MessageGroupId ? { MessageGroupId: a.MessageGroupId } : {}),
      ...(a.MessageDeduplicationId ? { MessageDeduplicationId: a.MessageDeduplicationId } : {}),
      ...(a.DeadLetterQueueSourceArn ? { DeadLetterQueueSourceArn: a.DeadLetterQueueSourceArn } : {}),
    },
    messageAttributes,
    md5OfBody: m.MD5OfBody ?? '',
    ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion,
  };
}

function lambdaContext(functionName: string, deadline: number): Context {
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${awsRequestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Which messages of a batch to delete, given the handler's outcome (AWS's rules). */
export function settledMessages(
  records: readonly SQSRecord[],
  outcome: { ok: true; response: unknown } | { ok: false },
): { succeeded: SQSRecord[]; failed: SQSRecord[] } {
  if (!outcome.ok) return { succeeded: [], failed: [...records] };
  const failures = (outcome.response as SQSBatchResponse | undefined)?.batchItemFailures;
  if (!Array.isArray(failures)) return { succeeded: [...records], failed: [] };
  const ids = new Set(records.map((r) => r.messageId));
  const failedIds = new Set<string>();
  for (const f of failures) {
    const id = f?.itemIdentifier;
    // An empty or unknown identifier fails the whole batch.
    if (typeof id !== 'string' || !ids.has(id)) return { succeeded: [], failed: [...records] };
    failedIds.add(id);
  }
  return {
    succeeded: records.filter((r) => !failedIds.has(r.messageId)),
    failed: records.filter((r) => failedIds.has(r.messageId)),
  };
}

const defaultOnError: NonNullable<SqsEventSourceOptions['onError']> = (error, info) => {
  const e = error as Error;
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', msg: 'sqs batch not fully processed', function: info.functionName, messages: info.messageIds.length, error: e?.name, detail: e?.message })}\n`,
  );
};

/** Starts the pollers; see the module comment for the semantics. */
export function startSqsEventSource(opts: SqsEventSourceOptions): SqsEventSource {
  const batchSize = opts.batchSize ?? 10;
  const windowMs = (opts.maxBatchingWindowSeconds ?? 0) * 1000;
  const visibility = opts.visibilityTimeoutSeconds ?? 30;
  const concurrency = Math.max(1, opts.maxConcurrency ?? 2);
  const functionName = opts.functionName ?? 'local-consumer';
  const wait = Math.min(20, Math.max(0, opts.waitTimeSeconds ?? 1));
  const onError = opts.onError ?? defaultOnError;
  const handler = opts.handler as SqsHandler;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new Error(`batchSize must be 1-10000, not ${batchSize}`);
  }

  const abort = new AbortController();
  let stopping = false;
  let busy = 0;
  const stats = { invocations: 0, succeeded: 0, failed: 0 };
  let arn: Promise<{ arn: string; region: string }> | undefined;

  const queueArn = () => {
    arn ??= opts.client
      .send(new GetQueueAttributesCommand({ QueueUrl: opts.queueUrl, AttributeNames: ['QueueArn'] }))
      .then((out) => {
        const value =
          out.Attributes?.QueueArn ?? `arn:aws:sqs:local:000000000000:${opts.queueUrl.split('/').pop()}`;
        return { arn: value, region: value.split(':')[3] ?? 'local' };
      });
    return arn;
  };

  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    const out = await opts.client.send(
      new ReceiveMessageCommand({
        QueueUrl: opts.queueUrl,
        MaxNumberOfMessages: Math.min(RECEIVE_MAX, max),
        WaitTimeSeconds: waitSeconds,
        VisibilityTimeout: visibility,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return out.Messages ?? [];
  };

  /** One batch: the first receive long-polls; more receives fill it until the window closes. */
  const collect = async (): Promise<Message[]> => {
    const batch = await receive(batchSize, wait);
    if (batch.length === 0 || windowMs === 0) return batch;
    const closes = Date.now() + windowMs;
    while (batch.length < batchSize && !stopping) {
      const left = closes - Date.now();
      if (left <= 0) break;
      const more = await receive(batchSize - batch.length, Math.min(wait, Math.floor(left / 1000)));
      batch.push(...more);
      if (more.length === 0 && left < 1000) break;
    }
    return batch;
  };

  const remove = async (records: SQSRecord[]) => {
    for (let i = 0; i < records.length; i += RECEIVE_MAX) {
      const slice = records.slice(i, i + RECEIVE_MAX);
      const out = await opts.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: opts.queueUrl,
          Entries: slice.map((r, j) => ({ Id: String(j), ReceiptHandle: r.receiptHandle })),
        }),
      );
      if (out.Failed?.length) {
        onError(new Error(`DeleteMessageBatch failed for ${out.Failed.length} message(s)`), {
          functionName,
          messageIds: out.Failed.map((f) => slice[Number(f.Id)]?.messageId ?? f.Id!),
        });
      }
    }
  };

  const invoke = async (messages: Message[]) => {
    const { arn: eventSourceARN, region } = await queueArn();
    const records = messages.map((m) => toRecord(m, eventSourceARN, region));
    stats.invocations += 1;
    let outcome: { ok: true; response: unknown } | { ok: false };
    try {
      const response = await handler(
        { Records: records },
        lambdaContext(functionName, Date.now() + visibility * 1000),
      );
      outcome = { ok: true, response };
    } catch (error) {
      outcome = { ok: false };
      onError(error, { functionName, messageIds: records.map((r) => r.messageId) });
    }
    const { succeeded, failed } = settledMessages(records, outcome);
    stats.succeeded += succeeded.length;
    stats.failed += failed.length;
    if (outcome.ok && failed.length > 0) {
      onError(new Error(`${failed.length} of ${records.length} message(s) reported as failed`), {
        functionName,
        messageIds: failed.map((r) => r.messageId),
      });
    }
    if (succeeded.length > 0) await remove(succeeded);
  };

  const poller = async () => {
    while (!stopping) {
      try {
        const messages = await collect();
        if (messages.length === 0) continue;
        busy += 1;
        try {
          await invoke(messages);
        } finally {
          busy -= 1;
        }
      } catch (error) {
        if (stopping) break;
        onError(error, { functionName, messageIds: [] });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  const pollers = Array.from({ length: concurrency }, () => poller());

  let stopped: Promise<void> | undefined;
  return {
    stats,
    async drain({ timeoutMs = 30_000, pollMs = 50 } = {}) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        if (busy === 0) {
          const out = await opts.client.send(
            new GetQueueAttributesCommand({
              QueueUrl: opts.queueUrl,
              AttributeNames: [
                'ApproximateNumberOfMessages',
                'ApproximateNumberOfMessagesNotVisible',
                'ApproximateNumberOfMessagesDelayed',
              ],
            }),
          );
          const a = out.Attributes ?? {};
          const left =
            Number(a.ApproximateNumberOfMessages ?? 0) +
            Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
            Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
          if (left === 0 && busy === 0) return;
        }
        if (Date.now() > until)
          throw new Error(`queue ${opts.queueUrl} did not drain within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        abort.abort();
        await Promise.allSettled(pollers);
      })();
      return stopped;
    },
  };
}

import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { env } from '../../config/env.js';
import { QueueUnavailableError, type SpamReport } from '../../domain/spam/attribution.js';
import type { SpamDeps, SpamReportQueue } from '../../domain/spam/ports.js';
import { logger } from '../../observability.js';
import type { SpamReportMessage } from '../../schemas/spam.js';
import { compose, corePorts, lazily } from '../deps.js';
import { sqsClient } from './client.js';

/** Reports per message: one message is one consumer unit, a transaction's worth of markers. */
export const MAX_REPORTS_PER_MESSAGE = 100;
/** Well under SQS's 256 KiB message limit (a report is at most ~1 KB once validated). */
export const MAX_MESSAGE_BYTES = 192 * 1024;
/** A SendMessageBatch carries at most 10 entries and 256 KiB in total. */
export const MAX_BATCH_ENTRIES = 10;
export const MAX_BATCH_BYTES = 240 * 1024;
/** Tries per batch, failed entries only after the first (the SDK retries each call on its own too). */
export const SEND_ATTEMPTS = 4;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Packs reports into message bodies of at most 100 reports and MAX_MESSAGE_BYTES each. */
export function packMessages(reports: readonly SpamReport[]): string[] {
  const bodies: string[] = [];
  const body = (rs: SpamReport[]) => JSON.stringify({ v: 1, reports: rs } satisfies SpamReportMessage);
  let current: SpamReport[] = [];
  let size = bytes(body([]));
  for (const r of reports) {
    const add = bytes(JSON.stringify(r)) + 1;
    if (current.length > 0 && (current.length >= MAX_REPORTS_PER_MESSAGE || size + add > MAX_MESSAGE_BYTES)) {
      bodies.push(body(current));
      current = [];
      size = bytes(body([]));
    }
    current.push(r);
    size += add;
  }
  if (current.length > 0) bodies.push(body(current));
  return bodies;
}

/** Groups message bodies into SendMessageBatch calls (≤ 10 entries, ≤ MAX_BATCH_BYTES). */
export function packBatches(bodies: readonly string[]): SendMessageBatchRequestEntry[][] {
  const batches: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let size = 0;
  for (const body of bodies) {
    const add = bytes(body);
    if (current.length > 0 && (current.length >= MAX_BATCH_ENTRIES || size + add > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push({ Id: `m${current.length}`, MessageBody: body });
    size += add;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The intake queue on SQS: many reports per message, sent with SendMessageBatch. Entries a batch
 * reports as failed are sent again (with backoff); if some still fail, the whole call throws
 * QueueUnavailableError. Entries already sent stay sent: the consumer records by reportId, so a
 * client retrying the whole call counts nothing twice.
 */
export class SqsSpamReportQueue implements SpamReportQueue {
  constructor(
    private readonly client: () => SQSClient = sqsClient,
    private readonly queueUrl: () => string | undefined = () => env().QUEUE_URL_SPAM_REPORTS,
    private readonly backoffMs: (attempt: number) => number = (attempt) =>
      25 * 4 ** attempt * (0.5 + Math.random()),
  ) {}

  async enqueue(reports: readonly SpamReport[]): Promise<void> {
    if (reports.length === 0) return;
    const url = this.queueUrl();
    if (!url) throw new Error('QUEUE_URL_SPAM_REPORTS is not set for this function');
    // The request's correlation id travels with each message, so the consumer logs under it too.
    const correlationId = logger.getCorrelationId();
    const tagged = (entries: SendMessageBatchRequestEntry[]) =>
      typeof correlationId !== 'string'
        ? entries
        : entries.map((e) => ({
            ...e,
            MessageAttributes: { correlationId: { DataType: 'String', StringValue: correlationId } },
          }));
    const results = await Promise.allSettled(
      packBatches(packMessages(reports)).map((b) => this.send(url, tagged(b))),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async send(queueUrl: string, entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    let lastProblem = '';
    let cause: unknown;
    for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
      try {
        const out = await this.client().send(
          new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }),
        );
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        if (failed.size === 0) return;
        lastProblem = (out.Failed ?? []).map((f) => f.Code).join(', ');
        pending = pending.filter((e) => failed.has(e.Id));
      } catch (error) {
        cause = error;
        lastProblem = (error as Error).name;
      }
      if (attempt < SEND_ATTEMPTS) await pause(this.backoffMs(attempt));
    }
    throw new QueueUnavailableError(
      `the queue did not take ${pending.length} message(s) after ${SEND_ATTEMPTS} attempts (${lastProblem})`,
      { cause },
    );
  }
}

export const spamQueuePorts = lazily(
  (): Pick<SpamDeps, 'spamQueue'> => ({ spamQueue: new SqsSpamReportQueue() }),
);

/** The intake function's ports: the DynamoDB core (for the caller's checks) and the queue. */
export const spamIntakeDeps = lazily(() => compose(corePorts(), spamQueuePorts()));

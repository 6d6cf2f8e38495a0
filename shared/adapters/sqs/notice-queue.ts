import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { env } from '../../config/env.js';
import { NoticeEnqueueError, type NoticeQueue } from '../../domain/notices/ports.js';
import { sqsClient } from './client.js';

/** The fan-out queue's URL: `QUEUE_URL_NOTICE_FANOUT`, else derived from a message's source ARN (AWS). */
export function noticeQueueUrl(eventSourceArn?: string): string {
  const configured = env().QUEUE_URL_NOTICE_FANOUT;
  if (configured) return configured;
  const m = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):(.+)$/.exec(eventSourceArn ?? '');
  if (!m) throw new Error('QUEUE_URL_NOTICE_FANOUT is not set');
  return `https://sqs.${m[1]}.amazonaws.com/${m[2]}/${m[3]}`;
}

/**
 * One message per notice (`{"noticeId": ...}`), sent in batches of ten. The notice id is the
 * idempotency key: the delivery function dedupes by it (a FIFO queue would also dedupe on it).
 */
export class SqsNoticeQueue implements NoticeQueue {
  constructor(
    private readonly queueUrl: string,
    private readonly sqs: SQSClient = sqsClient(),
  ) {}

  async enqueue(noticeIds: readonly string[]): Promise<void> {
    const fifo = this.queueUrl.endsWith('.fifo');
    const failed: string[] = [];
    for (let i = 0; i < noticeIds.length; i += 10) {
      const chunk = noticeIds.slice(i, i + 10);
      const entries: SendMessageBatchRequestEntry[] = chunk.map((noticeId, j) => ({
        Id: String(j),
        MessageBody: JSON.stringify({ noticeId }),
        ...(fifo ? { MessageGroupId: noticeId, MessageDeduplicationId: noticeId } : {}),
      }));
      try {
        const out = await this.sqs.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
        );
        for (const f of out.Failed ?? []) failed.push(chunk[Number(f.Id)]!);
      } catch {
        failed.push(...chunk);
      }
    }
    if (failed.length > 0) {
      throw new NoticeEnqueueError(`${failed.length} of ${noticeIds.length} notices were not queued`, failed);
    }
  }
}

/** Holds a received message back for `seconds` (its next attempt), or releases it now (0). */
export async function changeNoticeVisibility(
  queueUrl: string,
  receiptHandle: string,
  seconds: number,
  sqs: SQSClient = sqsClient(),
): Promise<void> {
  await sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(seconds))),
    }),
  );
}

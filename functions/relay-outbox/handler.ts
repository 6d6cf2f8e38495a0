import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { noticeQueueUrl, SqsNoticeQueue } from '../../shared/adapters/sqs/notice-queue.js';
import { noticeToQueue } from '../../shared/domain/notices/delivery.js';
import { NoticeEnqueueError, type NoticeQueue } from '../../shared/domain/notices/ports.js';
import { logger } from '../../shared/http/logger.js';

/** The string attributes of a stream image: all the outbox decision needs (no unmarshalling library). */
function strings(image: Record<string, AttributeValue> | undefined): Record<string, string> | undefined {
  if (!image) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(image)) if (typeof v?.S === 'string') out[k] = v.S;
  return out;
}

function pick(record: DynamoDBRecord): string | undefined {
  return noticeToQueue({
    ...(record.eventName ? { eventName: record.eventName } : {}),
    ...(record.dynamodb?.NewImage ? { newImage: strings(record.dynamodb.NewImage) } : {}),
    ...(record.dynamodb?.OldImage ? { oldImage: strings(record.dynamodb.OldImage) } : {}),
  });
}

/**
 * The outbox relay (DynamoDB Streams consumer of the registry table): every new notice item, and
 * every pending one the sweep marked for re-drive, becomes one message on the fan-out queue.
 * Records arrive in order per shard; when queueing fails, the first failed record is reported so the
 * stream retries from it (ReportBatchItemFailures). Duplicates are fine: delivery is idempotent.
 */
export function relayOutboxHandler(queue: () => NoticeQueue) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const picked: { sequenceNumber: string; noticeId: string }[] = [];
    for (const record of event.Records) {
      const noticeId = pick(record);
      if (noticeId) picked.push({ sequenceNumber: record.dynamodb?.SequenceNumber ?? '', noticeId });
    }
    if (picked.length === 0) return { batchItemFailures: [] };
    try {
      await queue().enqueue(picked.map((p) => p.noticeId));
      logger.info('notices queued', { count: picked.length });
      return { batchItemFailures: [] };
    } catch (error) {
      const failed = error instanceof NoticeEnqueueError ? new Set(error.failedNoticeIds) : undefined;
      const first = picked.find((p) => !failed || failed.has(p.noticeId))!;
      logger.warn('notices not queued; the stream retries from the first failed record', {
        failed: failed?.size ?? picked.length,
        error: (error as Error).name,
      });
      return { batchItemFailures: [{ itemIdentifier: first.sequenceNumber }] };
    }
  };
}

let queue: NoticeQueue | undefined;

export const handler = relayOutboxHandler(() => {
  queue ??= new SqsNoticeQueue(noticeQueueUrl());
  return queue;
});

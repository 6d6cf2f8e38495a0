import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { noticeQueueUrl, SqsNoticeQueue } from '../../shared/adapters/sqs/notice-queue.js';
import type { ProcessBatch } from '../../shared/batch/batch-handler.js';
import { noticeToQueue } from '../../shared/domain/notices/delivery.js';
import { NoticeEnqueueError, type NoticeQueue } from '../../shared/domain/notices/ports.js';
import { logger } from '../../shared/observability.js';

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
 * The outbox relay (a consumer of the registry table's stream): every new notice item, and every
 * pending one the sweep marked for re-drive, becomes one message on the fan-out queue. When
 * queueing fails, the record of the first notice not queued comes back (with every one after it).
 * Duplicates are fine: delivery is idempotent.
 */
export function relayOutbox(queue: () => NoticeQueue): ProcessBatch<DynamoDBRecord> {
  return async (records) => {
    const picked: { record: DynamoDBRecord; noticeId: string }[] = [];
    for (const record of records) {
      const noticeId = pick(record);
      if (noticeId) picked.push({ record, noticeId });
    }
    if (picked.length === 0) return {};
    try {
      await queue().enqueue(picked.map((p) => p.noticeId));
      logger.info('notices queued', { count: picked.length });
      return {};
    } catch (error) {
      const failed = error instanceof NoticeEnqueueError ? new Set(error.failedNoticeIds) : undefined;
      const first = picked.find((p) => !failed || failed.has(p.noticeId))!;
      return { failed: new Map([[first.record, error]]) };
    }
  };
}

let queue: NoticeQueue | undefined;

/** The relay over the deployed fan-out queue. */
export const relayOutboxToSqs = relayOutbox(() => {
  queue ??= new SqsNoticeQueue(noticeQueueUrl());
  return queue;
});

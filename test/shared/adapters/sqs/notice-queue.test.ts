import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { NoticeEnqueueError } from '../../../../shared/domain/notices/ports.js';
import { testEnv } from '../../../support/events.js';

testEnv();
delete process.env.QUEUE_URL_NOTICE_FANOUT;
const { noticeQueueUrl, SqsNoticeQueue } = await import('../../../../shared/adapters/sqs/notice-queue.js');

describe('the notice fan-out queue adapter', () => {
  it('derives the queue URL from the event source ARN when no QUEUE_URL_NOTICE_FANOUT is set', () => {
    expect(noticeQueueUrl('arn:aws:sqs:ap-northeast-2:123456789012:prod-notice-fanout')).toBe(
      'https://sqs.ap-northeast-2.amazonaws.com/123456789012/prod-notice-fanout',
    );
    expect(() => noticeQueueUrl('arn:aws:sqs:local')).toThrow(/QUEUE_URL_NOTICE_FANOUT/);
  });

  it('dedupes on the notice id when the queue is FIFO, and names the notices it could not queue', async () => {
    const sqs = mockClient(SQSClient);
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [], Failed: [{ Id: '1', Code: 'x', SenderFault: false }] });
    const queue = new SqsNoticeQueue(
      'https://sqs.local/1/notices.fifo',
      new SQSClient({ region: 'ap-northeast-2' }),
    );
    const error = await queue.enqueue(['ntc_1_kt', 'ntc_1_skb']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoticeEnqueueError);
    expect((error as NoticeEnqueueError).failedNoticeIds).toEqual(['ntc_1_skb']);
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]).toMatchObject({
      MessageGroupId: 'ntc_1_kt',
      MessageDeduplicationId: 'ntc_1_kt',
    });
    sqs.restore();
  });
});

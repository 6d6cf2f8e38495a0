import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { lambdaContext, testEnv } from '../../support/events.js';

testEnv();
process.env.QUEUE_URL_NOTICE_FANOUT = 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/notice-fanout';
const { relayOutboxToSqs } = await import('../../../functions/dispatch-registry-stream/relay-outbox.js');
const { batchHandler } = await import('../../../shared/batch/batch-handler.js');
/** The relay as its stream reader runs it: through the batch wrapper. */
const handler = batchHandler({ source: 'stream', name: 'relay-outbox', batch: relayOutboxToSqs });
const sqs = mockClient(SQSClient);

let seq = 100;
function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  image: Record<string, string>,
  old?: Record<string, string>,
): DynamoDBRecord {
  const toImage = (o: Record<string, string>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { S: v }]));
  seq += 1;
  return {
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: String(seq),
      NewImage: toImage(image),
      ...(old ? { OldImage: toImage(old) } : {}),
    },
  };
}

const notice = (id: string, extra: Record<string, string> = {}) => ({
  PK: `NOTICE#${id}`,
  entity: 'notice',
  noticeId: id,
  delivery: 'PENDING',
  ...extra,
});

const run = (records: DynamoDBRecord[]) =>
  handler({ Records: records } satisfies DynamoDBStreamEvent, lambdaContext);

describe('relay-outbox (stream → fan-out queue)', () => {
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).callsFake((input) => ({
      Successful: input.Entries.map((e: { Id: string }) => ({ Id: e.Id, MessageId: `m-${e.Id}` })),
      Failed: [],
    }));
  });

  it('queues one message per new or re-driven notice, and nothing for other records', async () => {
    const res = await run([
      record('INSERT', notice('ntc_1_kt')),
      record('INSERT', { PK: 'RESELLER#1', entity: 'reseller' }),
      record('MODIFY', notice('ntc_0_kt', { lastError: 'HTTP 500' }), notice('ntc_0_kt')),
      record(
        'MODIFY',
        notice('ntc_0_skb', { redriveRequestedAt: '2026-01-15T00:00:00Z' }),
        notice('ntc_0_skb'),
      ),
      record('INSERT', notice('ntc_1_skb', { delivery: 'DELIVERED' })),
    ]);
    expect(res).toEqual({ batchItemFailures: [] });
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject({ QueueUrl: process.env.QUEUE_URL_NOTICE_FANOUT });
    expect(calls[0]!.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!))).toEqual([
      { noticeId: 'ntc_1_kt' },
      { noticeId: 'ntc_0_skb' },
    ]);
  });

  it('sends in batches of ten', async () => {
    await run(Array.from({ length: 12 }, (_, i) => record('INSERT', notice(`ntc_${i}_kt`))));
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries!.length)).toEqual([
      10, 2,
    ]);
  });

  it('reports the first record whose notice was not queued and those after it, so the stream retries from it', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: 'x' }],
      Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
    });
    const records = [
      record('INSERT', notice('ntc_1_kt')),
      record('INSERT', notice('ntc_1_skb')),
      record('INSERT', { PK: 'RESELLER#1', entity: 'reseller' }),
    ];
    await expect(run(records)).resolves.toEqual({
      batchItemFailures: [
        { itemIdentifier: records[1]!.dynamodb!.SequenceNumber },
        { itemIdentifier: records[2]!.dynamodb!.SequenceNumber },
      ],
    });
  });

  it('reports the first notice record when SQS is unreachable', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('down'));
    const records = [record('INSERT', { entity: 'reseller' }), record('INSERT', notice('ntc_2_kt'))];
    await expect(run(records)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: records[1]!.dynamodb!.SequenceNumber }],
    });
  });

  it('does not call SQS for a batch without notices', async () => {
    await expect(run([record('REMOVE', { entity: 'notice' })])).resolves.toEqual({ batchItemFailures: [] });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});

import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AfterFailedRecordError,
  batchHandler,
  fromFirstFailure,
  RetryLaterError,
} from '../../../shared/batch/batch-handler.js';
import { logger, metrics } from '../../../shared/observability.js';
import { lambdaContext, testEnv } from '../../support/events.js';

beforeAll(testEnv);

const message = (id: string, correlationId?: string): SQSRecord => ({
  messageId: id,
  receiptHandle: `rh-${id}`,
  body: JSON.stringify({ id }),
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '0',
    SenderId: 's',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: correlationId
    ? { correlationId: { dataType: 'String', stringValue: correlationId } }
    : {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:ap-northeast-2:123456789012:q',
  awsRegion: 'ap-northeast-2',
});

const change = (seq: number): DynamoDBRecord => ({
  eventID: `ev-${seq}`,
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: { SequenceNumber: String(seq), NewImage: { entity: { S: 'x' } } },
});

const ids = (response: { batchItemFailures: { itemIdentifier: string }[] }) =>
  response.batchItemFailures.map((f) => f.itemIdentifier);

describe('batchHandler, one record at a time', () => {
  it('returns only the queue messages that failed, having run every message', async () => {
    const ran: string[] = [];
    const handler = batchHandler({
      source: 'sqs',
      name: 'test-consumer',
      record: async (record) => {
        ran.push(record.messageId);
        if (record.messageId === 'm2') throw new RetryLaterError('relay down');
      },
    });
    const res = await handler({ Records: [message('m1'), message('m2'), message('m3')] }, lambdaContext);
    expect(ids(res)).toEqual(['m2']);
    expect(ran.sort()).toEqual(['m1', 'm2', 'm3']);
  });

  it('stops a stream batch at its first failed record: later records are reported, not run', async () => {
    const ran: string[] = [];
    const handler = batchHandler({
      source: 'stream',
      name: 'test-consumer',
      record: async (record) => {
        ran.push(record.dynamodb!.SequenceNumber!);
        if (record.dynamodb!.SequenceNumber === '12') throw new Error('boom');
      },
    });
    const res = await handler({ Records: [change(11), change(12), change(13), change(14)] }, lambdaContext);
    expect(ran).toEqual(['11', '12']);
    expect(ids(res)).toEqual(['12', '13', '14']);
  });

  it('reports a batch that failed whole instead of throwing', async () => {
    const handler = batchHandler({
      source: 'sqs',
      name: 'test-consumer',
      record: async () => {
        throw new Error('down');
      },
    });
    const res = await handler({ Records: [message('a'), message('b')] }, lambdaContext);
    expect(ids(res).sort()).toEqual(['a', 'b']);
  });

  it('answers an empty failure list when every record is done', async () => {
    const handler = batchHandler({ source: 'stream', name: 'test-consumer', record: async () => undefined });
    await expect(handler({ Records: [change(1), change(2)] }, lambdaContext)).resolves.toEqual({
      batchItemFailures: [],
    });
  });
});

describe('batchHandler, the whole batch at once', () => {
  it('reports on a stream the first failed record and every record after it', async () => {
    const records = [change(21), change(22), change(23), change(24), change(25)];
    const handler = batchHandler({
      source: 'stream',
      name: 'test-consumer',
      // The consumer names only one failure, in the middle.
      batch: async (batch) => ({ failed: new Map([[batch[2]!, new Error('not counted')]]) }),
    });
    expect(ids(await handler({ Records: records }, lambdaContext))).toEqual(['23', '24', '25']);
  });

  it('reports on a queue exactly the messages named', async () => {
    const handler = batchHandler({
      source: 'sqs',
      name: 'test-consumer',
      batch: async (batch) => ({ failed: new Map([[batch[0]!, new Error('x')]]) }),
    });
    const res = await handler({ Records: [message('a'), message('b'), message('c')] }, lambdaContext);
    expect(ids(res)).toEqual(['a']);
  });

  it('reports every record when the batch function throws (the stream resumes at the first)', async () => {
    const handler = batchHandler({
      source: 'stream',
      name: 'test-consumer',
      batch: async () => {
        throw new Error('table gone');
      },
    });
    expect(ids(await handler({ Records: [change(1), change(2)] }, lambdaContext))).toEqual(['1', '2']);
  });

  it('counts failed records in a metric', async () => {
    const add = vi.spyOn(metrics, 'addMetric');
    const handler = batchHandler({
      source: 'sqs',
      name: 'test-consumer',
      batch: async (batch) => ({ failed: new Map(batch.map((r) => [r, new Error('x')])) }),
    });
    await handler({ Records: [message('a'), message('b')] }, lambdaContext);
    expect(add).toHaveBeenCalledWith('BatchRecordsFailed', 'Count', 2);
    add.mockRestore();
  });
});

describe('batchHandler, correlation ids', () => {
  it("logs a message's records under the correlation id its producer sent, and resets it afterwards", async () => {
    let during: unknown;
    const handler = batchHandler({
      source: 'sqs',
      name: 'test-consumer',
      record: async () => {
        during = logger.getCorrelationId();
      },
    });
    await handler({ Records: [message('m1', 'req-from-http')] }, lambdaContext);
    expect(during).toBe('req-from-http');
    expect(logger.getCorrelationId()).toBeUndefined();
  });

  it('logs each stream record under its own event id', async () => {
    const seen: unknown[] = [];
    const handler = batchHandler({
      source: 'stream',
      name: 'test-consumer',
      record: async () => {
        seen.push(logger.getCorrelationId());
      },
    });
    await handler({ Records: [change(1), change(2)] }, lambdaContext);
    expect(seen).toEqual(['ev-1', 'ev-2']);
  });
});

describe('fromFirstFailure', () => {
  it('marks every record from the first failed one, keeping the reasons given', () => {
    const reason = new Error('x');
    const out = fromFirstFailure(['a', 'b', 'c', 'd'], new Map([['b', reason]]));
    expect([...out.keys()]).toEqual(['b', 'c', 'd']);
    expect(out.get('b')).toBe(reason);
    expect(out.get('c')).toBeInstanceOf(AfterFailedRecordError);
  });
});

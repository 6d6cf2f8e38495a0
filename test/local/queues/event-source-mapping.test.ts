import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues } from '../../../infra/local/queues/create-queues.js';
import {
  type SqsEventSource,
  settledMessages,
  startSqsEventSource,
} from '../../../infra/local/queues/event-source-mapping.js';
import type { QueueDef } from '../../../shared/topology.js';
import { WAIT_MS } from '../../support/eventually.js';

let server: FauxqsServer;
let client: SQSClient;
const sources: SqsEventSource[] = [];

beforeAll(async () => {
  server = await startFauxqs({ port: 0, logger: false });
  client = new SQSClient({
    endpoint: server.address,
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  await Promise.all(sources.map((s) => s.stop()));
  client.destroy();
  await server.stop();
});

let n = 0;
/** A queue of its own with a DLQ after `maxReceiveCount`, short visibility so redelivery is quick. */
async function queue(over: Partial<QueueDef> = {}) {
  n += 1;
  const def: QueueDef = {
    name: `esm-${n}`,
    consumer: 'test-consumer',
    description: 'test',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    visibilityTimeoutSeconds: 1,
    maxReceiveCount: 3,
    maxConcurrency: 2,
    producers: [],
    table: 'none',
    ...over,
  };
  return (await createQueues(client, [def]))[def.name]!;
}

function start(url: string, handler: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>, over = {}) {
  const source = startSqsEventSource({
    client,
    queueUrl: url,
    handler,
    batchSize: 10,
    visibilityTimeoutSeconds: 1,
    maxConcurrency: 2,
    onError: () => undefined,
    ...over,
  });
  sources.push(source);
  return source;
}

const send = (url: string, bodies: string[]) =>
  client.send(
    new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: bodies.map((MessageBody, i) => ({ Id: `e${i}`, MessageBody })),
    }),
  );

describe('local SQS event source mapping (fauxqs)', () => {
  it('hands the consumer real SQS events and deletes what it processed', async () => {
    const q = await queue();
    const records: SQSRecord[] = [];
    const source = start(q.url, async (event) => {
      records.push(...event.Records);
      return { batchItemFailures: [] };
    });
    await client.send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: '{"hello":1}',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
      }),
    );
    await send(q.url, ['a', 'b']);
    await source.drain({ timeoutMs: WAIT_MS });
    expect(records.map((r) => r.body).sort()).toEqual(['a', 'b', '{"hello":1}']);
    const first = records.find((r) => r.body === '{"hello":1}')!;
    expect(first).toMatchObject({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      eventSource: 'aws:sqs',
      eventSourceARN: q.arn,
      awsRegion: 'ap-northeast-2',
      md5OfBody: expect.any(String),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.any(String) },
      messageAttributes: { kind: { dataType: 'String', stringValue: 'test' } },
    });
    expect(source.stats).toMatchObject({ succeeded: 3, failed: 0 });
  });

  it('redelivers only the messages the consumer reported as failed, after the visibility timeout', async () => {
    const q = await queue();
    const seen: { body: string; receiveCount: string }[] = [];
    const source = start(q.url, async (event) => {
      for (const r of event.Records)
        seen.push({ body: r.body, receiveCount: r.attributes.ApproximateReceiveCount });
      const failOnce = event.Records.filter(
        (r) => r.body === 'flaky' && r.attributes.ApproximateReceiveCount === '1',
      );
      return { batchItemFailures: failOnce.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    await send(q.url, ['ok-1', 'flaky', 'ok-2']);
    await source.drain({ timeoutMs: WAIT_MS });
    expect(seen.filter((s) => s.body.startsWith('ok')).map((s) => s.receiveCount)).toEqual(['1', '1']);
    expect(seen.filter((s) => s.body === 'flaky').map((s) => s.receiveCount)).toEqual(['1', '2']);
  });

  it('redelivers the whole batch when the consumer throws', async () => {
    const q = await queue();
    let calls = 0;
    const bodies: string[] = [];
    const source = start(
      q.url,
      async (event) => {
        calls += 1;
        if (calls === 1) throw new Error('cold start failed');
        bodies.push(...event.Records.map((r) => r.body));
        return undefined;
      },
      { maxConcurrency: 1 },
    );
    await send(q.url, ['x', 'y']);
    await source.drain({ timeoutMs: WAIT_MS });
    expect(bodies.sort()).toEqual(['x', 'y']);
  });

  it('moves a poison message to the DLQ after maxReceiveCount receives', async () => {
    const q = await queue({ maxReceiveCount: 2 });
    const attempts: string[] = [];
    const source = start(q.url, async (event) => ({
      batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => {
        attempts.push(r.attributes.ApproximateReceiveCount);
        return { itemIdentifier: r.messageId };
      }),
    }));
    await send(q.url, ['poison', 'fine']);
    await source.drain({ timeoutMs: WAIT_MS });
    expect(attempts).toEqual(['1', '2']);
    const dlq = await client.send(
      new ReceiveMessageCommand({ QueueUrl: q.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(dlq.Messages?.map((m) => m.Body)).toEqual(['poison']);
  });

  it('fills a batch up to batchSize within the batching window', async () => {
    const q = await queue();
    const sizes: number[] = [];
    await send(
      q.url,
      Array.from({ length: 10 }, (_, i) => `m${i}`),
    );
    await send(
      q.url,
      Array.from({ length: 10 }, (_, i) => `n${i}`),
    );
    const source = start(
      q.url,
      async (event) => {
        sizes.push(event.Records.length);
        return undefined;
      },
      { batchSize: 20, maxBatchingWindowSeconds: 1, maxConcurrency: 1 },
    );
    await source.drain({ timeoutMs: WAIT_MS });
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20);
    expect(sizes[0]).toBeGreaterThan(10);
  });
});

describe('which messages a batch deletes', () => {
  const records = ['a', 'b', 'c'].map((messageId) => ({ messageId }) as SQSRecord);

  it('deletes all but the reported failures', () => {
    const out = settledMessages(records, {
      ok: true,
      response: { batchItemFailures: [{ itemIdentifier: 'b' }] },
    });
    expect(out.succeeded.map((r) => r.messageId)).toEqual(['a', 'c']);
    expect(out.failed.map((r) => r.messageId)).toEqual(['b']);
  });

  it('fails the whole batch for an unknown or empty identifier, as Lambda does', () => {
    for (const itemIdentifier of ['zzz', '']) {
      const out = settledMessages(records, {
        ok: true,
        response: { batchItemFailures: [{ itemIdentifier }] },
      });
      expect(out.succeeded).toEqual([]);
    }
  });

  it('treats any other return value as full success', () => {
    expect(settledMessages(records, { ok: true, response: undefined }).succeeded).toHaveLength(3);
    expect(settledMessages(records, { ok: false }).failed).toHaveLength(3);
  });
});

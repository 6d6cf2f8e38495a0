import { randomBytes } from 'node:crypto';
import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../infra/local/dynamodb-local.js';
import {
  entityFilter,
  handledPrefix,
  type StreamConsumer,
  startStreamConsumer,
} from '../../../infra/local/streams/stream-poller.js';
import { createTables, tableNames } from '../../../infra/local/tables.js';
import { eventually, WAIT_MS } from '../../support/eventually.js';

const endpoint = inject('dynamodbEndpoint');
const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

/** A fresh registry table (created with its stream, as `createTables` does for the runtime). */
async function freshTable(): Promise<string> {
  const prefix = `strm${randomBytes(3).toString('hex')}`;
  await createTables(client, prefix);
  return tableNames(prefix).registry;
}

const put = (table: string, pk: string, entity: string, extra: Record<string, string> = {}) =>
  client.send(
    new PutItemCommand({
      TableName: table,
      Item: {
        PK: { S: pk },
        SK: { S: 'X' },
        entity: { S: entity },
        ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, { S: v }])),
      },
    }),
  );

const consumers: StreamConsumer[] = [];
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  client.destroy();
});

const pkOf = (r: DynamoDBRecord) => r.dynamodb?.Keys?.PK?.S;

describe('startStreamConsumer against DynamoDB Local', () => {
  let table: string;
  beforeAll(async () => {
    table = await freshTable();
  });

  it('hands INSERT, MODIFY and REMOVE records to the handler in order, as Lambda events', async () => {
    const events: DynamoDBStreamEvent[] = [];
    const consumer = await startStreamConsumer({
      dynamodbEndpoint: endpoint,
      tableName: table,
      batchSize: 10,
      pollMs: 20,
      handler: async (event: DynamoDBStreamEvent) => {
        events.push(event);
      },
    });
    consumers.push(consumer);
    await put(table, 'A', 'notice', { delivery: 'PENDING' });
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { PK: { S: 'A' }, SK: { S: 'X' } },
        UpdateExpression: 'SET delivery = :d',
        ExpressionAttributeValues: { ':d': { S: 'DELIVERED' } },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: table, Key: { PK: { S: 'A' }, SK: { S: 'X' } } }));
    // DynamoDB Local may publish a record to the stream a moment after the write returns (more so
    // under load), so wait for all three rather than for one drain.
    await eventually(async () => {
      await consumer.drain({ timeoutMs: WAIT_MS });
      expect(events.flatMap((e) => e.Records).map((r) => r.eventName)).toEqual([
        'INSERT',
        'MODIFY',
        'REMOVE',
      ]);
    });
    const records = events.flatMap((e) => e.Records);
    const [insert, modify] = records;
    expect(insert).toMatchObject({
      eventSource: 'aws:dynamodb',
      eventSourceARN: expect.stringContaining(table),
      dynamodb: {
        Keys: { PK: { S: 'A' }, SK: { S: 'X' } },
        NewImage: { entity: { S: 'notice' }, delivery: { S: 'PENDING' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
        SequenceNumber: expect.any(String),
        ApproximateCreationDateTime: expect.any(Number),
      },
    });
    expect(modify!.dynamodb?.OldImage?.delivery).toEqual({ S: 'PENDING' });
    expect(modify!.dynamodb?.NewImage?.delivery).toEqual({ S: 'DELIVERED' });
    expect(Object.values(consumer.checkpoints())).toContain(records.at(-1)!.dynamodb!.SequenceNumber);
  });

  it('retries from the first failed record under ReportBatchItemFailures, never skipping or repeating the ones before it', async () => {
    const own = await freshTable();
    const seen: string[] = [];
    let failOnce = true;
    const consumer = await startStreamConsumer({
      dynamodbEndpoint: endpoint,
      tableName: own,
      batchSize: 10,
      pollMs: 20,
      onError: () => undefined,
      handler: async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
        const failing = failOnce ? event.Records.find((r) => pkOf(r) === 'r3') : undefined;
        for (const r of event.Records) {
          if (r === failing) break;
          seen.push(pkOf(r)!);
        }
        if (failing) {
          failOnce = false;
          return { batchItemFailures: [{ itemIdentifier: failing.dynamodb!.SequenceNumber! }] };
        }
        return { batchItemFailures: [] };
      },
    });
    consumers.push(consumer);
    for (const pk of ['r1', 'r2', 'r3', 'r4']) await put(own, pk, 'notice');
    await consumer.drain({ timeoutMs: WAIT_MS });
    expect(seen).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(consumer.stats.failedBatches).toBe(1);
  });

  it('retries a whole batch whose handler threw', async () => {
    const own = await freshTable();
    let calls = 0;
    const handled: string[] = [];
    const consumer = await startStreamConsumer({
      dynamodbEndpoint: endpoint,
      tableName: own,
      pollMs: 20,
      onError: () => undefined,
      handler: async (event: DynamoDBStreamEvent) => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        handled.push(...event.Records.map((r) => pkOf(r)!));
      },
    });
    consumers.push(consumer);
    await put(own, 'only', 'notice');
    await consumer.drain({ timeoutMs: WAIT_MS });
    expect(handled).toEqual(['only']);
    expect(calls).toBe(2);
  });

  it('passes only the records the filter accepts, like an event filter', async () => {
    const own = await freshTable();
    const handled: string[] = [];
    const consumer = await startStreamConsumer({
      dynamodbEndpoint: endpoint,
      tableName: own,
      pollMs: 20,
      filter: entityFilter(['notice']),
      handler: async (event: DynamoDBStreamEvent) => {
        handled.push(...event.Records.map((r) => pkOf(r)!));
      },
    });
    consumers.push(consumer);
    await put(own, 'n1', 'notice');
    await put(own, 'r1', 'reseller');
    await put(own, 'n2', 'notice');
    await consumer.drain({ timeoutMs: WAIT_MS });
    expect(handled).toEqual(['n1', 'n2']);
    expect(consumer.stats.skipped).toBe(1);
  });

  it('pauses idlePollMs once reads have come back empty, and wake() ends the pause at once', async () => {
    const own = await freshTable();
    const handled: string[] = [];
    const consumer = await startStreamConsumer({
      dynamodbEndpoint: endpoint,
      tableName: own,
      pollMs: 20,
      // Idle from the first empty read on, for longer than this test waits: only wake() can end it.
      idlePollMs: 600_000,
      idleAfterMs: 0,
      handler: async (event: DynamoDBStreamEvent) => {
        handled.push(...event.Records.map((r) => pkOf(r)!));
      },
    });
    consumers.push(consumer);
    await put(own, 'first', 'notice');
    await eventually(async () => expect(handled).toEqual(['first']), 20_000);
    // The read after the batch comes back empty: the worker is now in its (ten-minute) idle pause.
    await new Promise((r) => setTimeout(r, 200));
    await put(own, 'woken', 'notice');
    consumer.wake();
    await eventually(async () => expect(handled).toEqual(['first', 'woken']), 20_000);
  });

  it('refuses a table without a stream', async () => {
    await expect(
      startStreamConsumer({
        dynamodbEndpoint: endpoint,
        tableName: tableNames('nostream').idempotency.replace(
          'nostream',
          `x${randomBytes(3).toString('hex')}`,
        ),
        handler: async () => undefined,
      }),
    ).rejects.toThrow();
  });
});

describe('handledPrefix', () => {
  const rec = (seq: string): DynamoDBRecord => ({ dynamodb: { SequenceNumber: seq } });
  const batch = [rec('1'), rec('2'), rec('3')];

  it('counts every record on success and none on a throw', () => {
    expect(handledPrefix(batch, { ok: true, response: undefined })).toBe(3);
    expect(handledPrefix(batch, { ok: false })).toBe(0);
  });

  it('stops before the earliest reported failure; an unknown identifier fails the whole batch', () => {
    expect(
      handledPrefix(batch, {
        ok: true,
        response: { batchItemFailures: [{ itemIdentifier: '3' }, { itemIdentifier: '2' }] },
      }),
    ).toBe(1);
    expect(
      handledPrefix(batch, { ok: true, response: { batchItemFailures: [{ itemIdentifier: 'x' }] } }),
    ).toBe(0);
  });
});

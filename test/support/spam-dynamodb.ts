import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { inject } from 'vitest';
import { createTables, tableNames } from '../../infra/local/tables.js';

/**
 * Points this test file's process at the run's DynamoDB Local with tables of its own. Call it at
 * module top, before importing adapters or handlers (they read the environment once); then await
 * `create()` in beforeAll.
 */
export function bindLocalTables(label: string) {
  const prefix = `${label}${randomBytes(3).toString('hex')}`;
  const names = tableNames(prefix);
  const endpoint = inject('dynamodbEndpoint');
  Object.assign(process.env, {
    TABLE_NAME: names.registry,
    IDEMPOTENCY_TABLE_NAME: names.idempotency,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'ap-northeast-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
  });
  return {
    prefix,
    names,
    endpoint,
    async create() {
      const client = new DynamoDBClient({
        endpoint,
        region: 'ap-northeast-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        await createTables(client, prefix);
      } finally {
        client.destroy();
      }
    },
  };
}

/**
 * The counting stream consumer (count-spam-reports) on this file's table, read the way the event
 * source mapping reads it; `drain()` waits until what was written has been counted. Import after
 * `bindLocalTables`.
 */
export async function startCountingStream(
  tables: ReturnType<typeof bindLocalTables>,
  opts: { batchSize?: number; handler?: (event: never, context: Context) => Promise<unknown> } = {},
) {
  const { startStreamConsumer, entityFilter } = await import('../../infra/local/streams/stream-poller.js');
  const { handler } = await import('../../functions/count-spam-reports/handler.js');
  return startStreamConsumer({
    dynamodbEndpoint: tables.endpoint,
    tableName: tables.names.registry,
    handler: opts.handler ?? handler,
    batchSize: opts.batchSize ?? 1000,
    pollMs: 25,
    filter: entityFilter(['spam-report'], ['INSERT']),
    functionName: 'count-spam-reports',
  });
}

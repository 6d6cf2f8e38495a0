import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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

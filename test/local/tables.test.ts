import { randomBytes } from 'node:crypto';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.js';
import { createTables, tableNames } from '../../infra/local/tables.js';

const client = new DynamoDBClient({
  endpoint: inject('dynamodbEndpoint'),
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
});
afterAll(() => client.destroy());

describe('createTables against DynamoDB Local', () => {
  const prefix = `tables-${randomBytes(3).toString('hex')}`;

  it('creates both tables from the shared definitions, idempotently', async () => {
    const names = await createTables(client, prefix);
    expect(names).toEqual(tableNames(prefix));
    expect(names).toEqual({ registry: `${prefix}-registry`, idempotency: `${prefix}-idempotency` });
    await expect(createTables(client, prefix)).resolves.toEqual(names); // ResourceInUse is fine
  });

  it('registry: PK/SK, three GSIs projecting ALL, on-demand, stream NEW_AND_OLD_IMAGES, TTL expiresAt', async () => {
    const { registry } = tableNames(prefix);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: registry }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const gsis = Object.fromEntries((Table?.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g]));
    expect(Object.keys(gsis).sort()).toEqual(['GSI1', 'GSI2', 'GSI3']);
    for (const n of [1, 2, 3]) {
      expect(gsis[`GSI${n}`]?.KeySchema).toEqual([
        { AttributeName: `GSI${n}PK`, KeyType: 'HASH' },
        { AttributeName: `GSI${n}SK`, KeyType: 'RANGE' },
      ]);
      expect(gsis[`GSI${n}`]?.Projection?.ProjectionType).toBe('ALL');
    }
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: registry }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
  });

  it('idempotency: id key, no GSIs, TTL expiration', async () => {
    const { idempotency } = tableNames(prefix);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: idempotency }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(Table?.GlobalSecondaryIndexes).toBeUndefined();
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: idempotency }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiration',
    });
  });

  it('is real DynamoDB: a failed condition cancels the whole transaction', async () => {
    const { registry } = tableNames(prefix);
    await client.send(new PutItemCommand({ TableName: registry, Item: { PK: { S: 'A' }, SK: { S: '1' } } }));
    await expect(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: registry, Item: { PK: { S: 'B' }, SK: { S: '1' } } } },
            {
              Put: {
                TableName: registry,
                Item: { PK: { S: 'A' }, SK: { S: '1' } },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'TransactionCanceledException' });
  });
});

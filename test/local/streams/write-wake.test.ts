import { randomBytes } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../infra/local/dynamodb-local.js';
import { onWritesThrough } from '../../../infra/local/streams/write-wake.js';
import { createTables, tableNames } from '../../../infra/local/tables.js';

const client = new DynamoDBClient({
  endpoint: inject('dynamodbEndpoint'),
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
});
let table: string;

beforeAll(async () => {
  const prefix = `wake${randomBytes(3).toString('hex')}`;
  await createTables(client, prefix);
  table = tableNames(prefix).registry;
});
afterAll(() => client.destroy());

const item = (pk: string) => ({ PK: { S: pk }, SK: { S: 'X' }, entity: { S: 'notice' } });

describe('onWritesThrough', () => {
  it('announces each completed write, through the client and through a document client on it, but not reads', async () => {
    let writes = 0;
    const stop = onWritesThrough(client, () => {
      writes++;
    });
    await client.send(new PutItemCommand({ TableName: table, Item: item('a') }));
    expect(writes).toBe(1);
    await DynamoDBDocumentClient.from(client).send(
      new PutCommand({ TableName: table, Item: { PK: 'b', SK: 'X', entity: 'notice' } }),
    );
    expect(writes).toBe(2);
    await client.send(new GetItemCommand({ TableName: table, Key: { PK: { S: 'a' }, SK: { S: 'X' } } }));
    expect(writes).toBe(2);
    stop();
    await client.send(new PutItemCommand({ TableName: table, Item: item('c') }));
    expect(writes).toBe(2);
  });

  it('does not announce a write that failed', async () => {
    await client.send(new PutItemCommand({ TableName: table, Item: item('taken') }));
    let writes = 0;
    const stop = onWritesThrough(client, () => {
      writes++;
    });
    await expect(
      client.send(
        new PutItemCommand({
          TableName: table,
          Item: item('taken'),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    ).rejects.toThrow();
    expect(writes).toBe(0);
    stop();
  });
});

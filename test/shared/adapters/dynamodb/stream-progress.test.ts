import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { testEnv } from '../../../support/events.js';

testEnv();
const { DynamoStreamProgress } = await import('../../../../shared/adapters/dynamodb/stream-progress.js');
const ddb = mockClient(DynamoDBDocumentClient);

describe('DynamoStreamProgress', () => {
  beforeEach(() => ddb.reset());

  it('reads the progress of each consumer for the record a batch resumes at', async () => {
    ddb.on(BatchGetCommand).resolves({
      Responses: { 'registry-test': [{ consumer: 'relay-outbox', through: '42' }] },
    });
    const found = await new DynamoStreamProgress().read(['relay-outbox', 'append-transparency-log'], 'ev-7');
    expect([...found]).toEqual([['relay-outbox', '42']]);
    expect(ddb.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems).toEqual({
      'registry-test': {
        Keys: [
          { PK: 'STREAMPROGRESS#relay-outbox', SK: 'FROM#ev-7' },
          { PK: 'STREAMPROGRESS#append-transparency-log', SK: 'FROM#ev-7' },
        ],
      },
    });
  });

  it('saves progress as items no stream consumer reads, expiring after the stream’s retention', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    await new DynamoStreamProgress().save([{ consumer: 'relay-outbox', resumeAt: 'ev-7', through: '42' }]);
    const item =
      ddb.commandCalls(BatchWriteCommand)[0]!.args[0].input.RequestItems!['registry-test']![0]!.PutRequest!
        .Item!;
    expect(item).toMatchObject({
      PK: 'STREAMPROGRESS#relay-outbox',
      SK: 'FROM#ev-7',
      entity: 'stream-progress',
      through: '42',
    });
    expect(item.expiresAt).toBeGreaterThan(Date.now() / 1000 + 86_400);
  });
});

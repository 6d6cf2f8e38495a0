import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { packMessages } from '../../../shared/adapters/sqs/spam-report-queue.js';
import type { SpamReport } from '../../../shared/domain/spam.js';
import { lambdaContext, testEnv } from '../../support/events.js';
import { spamReports, sqsEvent } from '../../support/spam-fixtures.js';

testEnv();
const { handler } = await import('../../../functions/consume-spam-reports/handler.js');
const ddb = mockClient(DynamoDBDocumentClient);

/** 25 resellers, codes FS0..FS24 → brn 10000000<nn>. */
const holder = (code: string) => `10000000${code.slice(2).padStart(2, '0')}`;

/** Every DynamoDB write request (a transaction or batch counts as one). */
const writeRequests = () =>
  ddb.commandCalls(TransactWriteCommand).length +
  ddb.commandCalls(BatchWriteCommand).length +
  ddb.commandCalls(PutCommand).length +
  ddb.commandCalls(UpdateCommand).length +
  ddb.commandCalls(DeleteCommand).length;

/** Delivers `reports` as the queue does: 100 per message, at most 10 messages per invocation. */
async function deliver(reports: SpamReport[]) {
  const bodies = packMessages(reports);
  const responses = [];
  for (let i = 0; i < bodies.length; i += 10) {
    responses.push(await handler(sqsEvent(bodies.slice(i, i + 10)), lambdaContext));
  }
  return responses;
}

describe('spam report consumer: DynamoDB write requests per report', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(BatchGetCommand).callsFake((input) => {
      const [table, request] = Object.entries(
        input.RequestItems as Record<string, { Keys: { PK: string }[] }>,
      )[0]!;
      const items = request.Keys.map((k) => k.PK.slice('FSC#'.length)).map((code) => ({
        code,
        brn: holder(code),
      }));
      return { Responses: { [table]: items } };
    });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
  });

  it('stays at or under 0.1 per report for a call of 500 reports from one reseller', async () => {
    const responses = await deliver(spamReports(500, () => ({ firstSenderCode: 'FS1' })));
    expect(responses).toEqual([{ batchItemFailures: [] }]);
    const writes = writeRequests();
    expect(writes).toBeLessThanOrEqual(50);
    expect(writes / 500).toBeLessThanOrEqual(0.1);
    // 500 markers + 4 counters per chunk of 96 reports: six transactions.
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(6);
  });

  it('stays at or under 0.1 per report for 500 reports across 25 resellers, 5 relays and 7 categories', async () => {
    const relays = ['kt', 'lguplus', 'skb', 'daou', 'surem'];
    const categories = ['GAMBLING', 'LOAN', 'STOCK', 'ADULT', 'DRUGS', 'PHISHING', 'OTHER'] as const;
    const reports = spamReports(500, (i) => ({
      firstSenderCode: i % 10 === 9 ? undefined : `FS${i % 25}`,
      relayId: relays[i % 5]!,
      category: categories[i % 7]!,
      receivedAt: i < 250 ? '2026-01-14T23:30:00Z' : '2026-01-15T00:10:00Z',
    }));
    await deliver(reports);
    const writes = writeRequests();
    console.info(`mixed (mocked): ${writes} write requests for 500 reports`);
    expect(writes).toBeLessThanOrEqual(50);
  });

  it('keeps a transaction within 100 actions and never touches an item twice in one', async () => {
    await deliver(
      spamReports(500, (i) => ({ firstSenderCode: `FS${i % 25}`, relayId: i % 2 ? 'kt' : 'skb' })),
    );
    for (const call of ddb.commandCalls(TransactWriteCommand)) {
      const items = call.args[0].input.TransactItems!;
      expect(items.length).toBeLessThanOrEqual(100);
      const keys = items.map((i) =>
        JSON.stringify(i.Put?.Item ? [i.Put.Item.PK, i.Put.Item.SK] : [i.Update!.Key!.PK, i.Update!.Key!.SK]),
      );
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('puts each report under a conditional marker and counts it in the same transaction', async () => {
    await deliver(spamReports(3, () => ({ firstSenderCode: 'FS1' })));
    const [call] = ddb.commandCalls(TransactWriteCommand);
    const items = call!.args[0].input.TransactItems!;
    expect(items.slice(0, 3).map((i) => [i.Put!.Item!.PK, i.Put!.ConditionExpression])).toEqual([
      ['REPORT#KISA-00000000', 'attribute_not_exists(PK)'],
      ['REPORT#KISA-00000001', 'attribute_not_exists(PK)'],
      ['REPORT#KISA-00000002', 'attribute_not_exists(PK)'],
    ]);
    expect(items[0]!.Put!.Item).toMatchObject({
      attribution: 'RESELLER',
      brn: '1000000001',
      expiresAt: expect.any(Number),
    });
    const updates = items
      .slice(3)
      .map((i) => [i.Update!.Key!.PK, i.Update!.Key!.SK, i.Update!.ExpressionAttributeValues![':n']]);
    expect(updates).toEqual([
      [expect.stringMatching(/^SPAMHOUR#1000000001#\d$/), '2026-01-15T00', 3],
      [expect.stringMatching(/^SPAMSTAT#2026-01#\d$/), 'CATEGORY#GAMBLING', 3],
      [expect.stringMatching(/^SPAMSTAT#2026-01#\d$/), 'RELAY#kt', 3],
      [expect.stringMatching(/^SPAMSTAT#2026-01#\d$/), 'RESELLER#1000000001', 3],
    ]);
  });

  it('fails only the message that is not a report batch (partial batch failure)', async () => {
    const [good] = packMessages(spamReports(5));
    const response = await handler(sqsEvent([good!, '{"v":1,"reports":"nope"}', 'not json']), lambdaContext);
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'msg-1' }, { itemIdentifier: 'msg-2' }],
    });
  });

  it('fails every message when the code registry cannot be read', async () => {
    ddb.on(BatchGetCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    const bodies = packMessages(spamReports(150));
    const response = await handler(sqsEvent(bodies), lambdaContext);
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'msg-0' }, { itemIdentifier: 'msg-1' }],
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

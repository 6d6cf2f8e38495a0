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
import type { SpamReport } from '../../../shared/domain/spam/attribution.js';
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

describe('spam report consumer: DynamoDB requests per report', () => {
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
    ddb.on(BatchWriteCommand).resolves({});
  });

  it('stays at or under 0.05 per report for a call of 500 reports from one reseller', async () => {
    const responses = await deliver(spamReports(500, () => ({ firstSenderCode: 'FS1' })));
    expect(responses).toEqual([{ batchItemFailures: [] }]);
    const writes = writeRequests();
    expect(writes / 500).toBeLessThanOrEqual(0.05);
    // 25 reports per BatchWriteItem; counting happens from the table's stream, not here.
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(20);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('stays at or under 0.05 per report for 500 reports across 25 resellers, 5 relays and 7 categories', async () => {
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
    expect(writes / 500).toBeLessThanOrEqual(0.05);
    // Reads: the code → reseller map, at most one BatchGetItem per 100 codes (then cached).
    expect(
      ddb.commandCalls(BatchGetCommand).length + ddb.commandCalls(QueryCommand).length,
    ).toBeLessThanOrEqual(1);
  });

  it('writes each report once per delivery under its id, never touching an item twice in one request', async () => {
    const reports = spamReports(500, (i) => ({
      firstSenderCode: `FS${i % 25}`,
      relayId: i % 2 ? 'kt' : 'skb',
    }));
    await deliver([...reports, ...reports.slice(0, 30)]);
    const written = ddb.commandCalls(BatchWriteCommand).flatMap((call) => {
      const requests = Object.values(call.args[0].input.RequestItems!)[0]!;
      expect(requests.length).toBeLessThanOrEqual(25);
      const keys = requests.map((r) => String(r.PutRequest!.Item!.PK));
      expect(new Set(keys).size).toBe(keys.length);
      return keys;
    });
    expect(written.sort()).toEqual(reports.map((r) => `REPORT#${r.reportId}`).sort());
  });

  it('puts each report under its own key with its attribution: written again, it replaces itself', async () => {
    await deliver(spamReports(3, () => ({ firstSenderCode: 'FS1' })));
    const [call] = ddb.commandCalls(BatchWriteCommand);
    const requests = Object.values(call!.args[0].input.RequestItems!)[0]!;
    expect(requests.map((r) => [r.PutRequest!.Item!.PK, r.PutRequest!.Item!.SK])).toEqual([
      ['REPORT#KISA-00000000', 'REPORT'],
      ['REPORT#KISA-00000001', 'REPORT'],
      ['REPORT#KISA-00000002', 'REPORT'],
    ]);
    expect(requests[0]!.PutRequest!.Item).toMatchObject({
      entity: 'spam-report',
      attribution: 'RESELLER',
      brn: '1000000001',
      expiresAt: expect.any(Number),
    });
  });

  it('comes back with the messages whose reports stayed unprocessed', async () => {
    ddb.on(BatchWriteCommand).callsFake((input) => {
      const [table, requests] = Object.entries(
        input.RequestItems as Record<string, { PutRequest: { Item: { reportId: string } } }[]>,
      )[0]!;
      const stuck = requests.filter((r) => r.PutRequest.Item.reportId === 'KISA-00000150');
      return { UnprocessedItems: stuck.length ? { [table]: stuck } : {} };
    });
    const response = await handler(
      sqsEvent(packMessages(spamReports(250, () => ({ firstSenderCode: 'FS2' })))),
      lambdaContext,
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
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
    // A code this process has not read yet (known codes are cached for a few seconds).
    const bodies = packMessages(spamReports(150, () => ({ firstSenderCode: 'FSNEW1' })));
    const response = await handler(sqsEvent(bodies), lambdaContext);
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'msg-0' }, { itemIdentifier: 'msg-1' }],
    });
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });
});

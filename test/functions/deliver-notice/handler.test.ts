import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../../shared/domain/notices/delivery.js';
import type { RelaySecretStore } from '../../../shared/domain/notices/ports.js';
import { lambdaContext, testEnv } from '../../support/events.js';

testEnv();
process.env.STAGE = 'local';
process.env.QUEUE_URL_NOTICE_FANOUT = 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/notice-fanout';
const { deliverNoticeHandler } = await import('../../../functions/deliver-notice/handler.js');
const { noticeDeps } = await import('../../../shared/adapters/sanction-adapters.js');
const { StandardWebhookSender } = await import(
  '../../../shared/adapters/webhooks/standard-webhook-sender.js'
);
const { changeNoticeVisibility, noticeQueueUrl } = await import(
  '../../../shared/adapters/sqs/notice-queue.js'
);

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const secrets: RelaySecretStore = {
  put: async () => undefined,
  get: async () => SECRET,
  has: async () => true,
};

/** One relay receiver answering with `status`, verifying each request like a relay would. */
let status = 204;
const received: { id: string; verified: unknown }[] = [];
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const verified = new Webhook(SECRET).verify(Buffer.concat(chunks).toString(), req.headers as never);
      received.push({ id: String(req.headers['webhook-id']), verified });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notices`;
});
afterAll(() => new Promise((r) => server.close(r)));

const handler = deliverNoticeHandler({
  deps: noticeDeps,
  ports: () => ({ webhooks: new StandardWebhookSender(2_000), secrets }),
  holdBack: (record, seconds) =>
    changeNoticeVisibility(noticeQueueUrl(record.eventSourceARN), record.receiptHandle, seconds),
  allowLocalHttp: () => true,
});

const notice = (attempts: number) => ({
  PK: 'NOTICE#ntc_000000000007_kt',
  SK: 'NOTICE',
  entity: 'notice',
  noticeId: 'ntc_000000000007_kt',
  relayId: 'kt',
  seq: 7,
  type: 'reseller.suspended',
  brn: '2208162517',
  status: 'SUSPENDED',
  throttle: null,
  effectiveAt: '2026-01-15T00:00:00.000Z',
  until: '2026-04-15T00:00:00.000Z',
  reason: 'transmission suspended: r',
  version: 2,
  delivery: 'PENDING',
  attempts,
  createdAt: '2026-01-15T00:00:00.000Z',
});

const message = (body: string, id = 'm-1'): SQSRecord =>
  ({
    messageId: id,
    receiptHandle: `rh-${id}`,
    body,
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-northeast-2:123456789012:notice-fanout',
    awsRegion: 'ap-northeast-2',
  }) as SQSRecord;

const deliver = (...records: SQSRecord[]) => handler({ Records: records }, lambdaContext);
const updates = () => ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);

function claimReturns(attempts: number) {
  ddb
    .on(UpdateCommand)
    .callsFake((input) =>
      String(input.UpdateExpression).includes('leaseUntil = :lease') ? { Attributes: notice(attempts) } : {},
    );
}

describe('deliver-notice (fan-out queue → signed webhook)', () => {
  beforeEach(() => {
    ddb.reset();
    sqs.reset();
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    ddb.on(GetCommand, { Key: { PK: 'RELAY#kt', SK: 'RELAY' } }).resolves({
      Item: { relayId: 'kt', name: 'KT', webhookUrl: url },
    });
    claimReturns(1);
    status = 204;
    received.length = 0;
  });

  it('POSTs a notice a Standard Webhooks library verifies, and records it DELIVERED', async () => {
    const res = await deliver(message(JSON.stringify({ noticeId: 'ntc_000000000007_kt' })));
    expect(res).toEqual({ batchItemFailures: [] });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      id: 'ntc_000000000007_kt',
      verified: {
        type: 'reseller.suspended',
        noticeId: 'ntc_000000000007_kt',
        status: 'SUSPENDED',
        version: 2,
      },
    });
    const [claim, delivered] = updates();
    expect(claim).toMatchObject({ Key: { PK: 'NOTICE#ntc_000000000007_kt', SK: 'NOTICE' } });
    expect(delivered?.UpdateExpression).toContain('delivery = :delivered');
    expect(delivered?.UpdateExpression).toContain('REMOVE GSI3PK, GSI3SK');
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });

  it('holds a failed message back for the next gap of the schedule and reports it failed', async () => {
    status = 503;
    claimReturns(2);
    const res = await deliver(message(JSON.stringify({ noticeId: 'ntc_000000000007_kt' })));
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]!.args[0].input).toEqual({
      QueueUrl: process.env.QUEUE_URL_NOTICE_FANOUT,
      ReceiptHandle: 'rh-m-1',
      VisibilityTimeout: 15,
    });
    expect(updates()[1]).toMatchObject({
      ExpressionAttributeValues: { ':error': 'HTTP 503', ':next': expect.any(String) },
    });
  });

  it('marks the notice FAILED after the last attempt and releases the message towards the DLQ', async () => {
    status = 500;
    claimReturns(MAX_ATTEMPTS);
    const res = await deliver(message(JSON.stringify({ noticeId: 'ntc_000000000007_kt' })));
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]!.args[0].input.VisibilityTimeout).toBe(0);
    expect(updates()[1]).toMatchObject({ ExpressionAttributeValues: { ':failed': 'FAILED' } });
  });

  it('drops a duplicate of a notice that was delivered already, without sending it again', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'condition', $metadata: {} }));
    ddb.on(GetCommand, { Key: { PK: 'NOTICE#ntc_000000000007_kt', SK: 'NOTICE' } }).resolves({
      Item: { ...notice(1), delivery: 'DELIVERED' },
    });
    const res = await deliver(message(JSON.stringify({ noticeId: 'ntc_000000000007_kt' })));
    expect(res).toEqual({ batchItemFailures: [] });
    expect(received).toHaveLength(0);
  });

  it('sends a malformed message on to the DLQ, and leaves one whose claim errored to the visibility timeout', async () => {
    ddb.on(UpdateCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    const res = await deliver(
      message('not json', 'bad'),
      message(JSON.stringify({ noticeId: 'ntc_x_kt' }), 'ok'),
    );
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['bad', 'ok']);
    const changes = sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input);
    expect(changes).toEqual([expect.objectContaining({ ReceiptHandle: 'rh-bad', VisibilityTimeout: 0 })]);
  });
});

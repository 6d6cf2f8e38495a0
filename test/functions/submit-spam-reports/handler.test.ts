import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { principals } from '../../support/fakes.js';
import { spamReport, spamReports } from '../../support/spam-fixtures.js';

testEnv();
process.env.QUEUE_URL_SPAM_REPORTS = 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/spam-reports';
const { handler } = await import('../../../functions/submit-spam-reports/handler.js');
const sqs = mockClient(SQSClient);

const submit = (body: unknown, principal = principals.monitor()) =>
  handler(apiEvent({ method: 'POST', path: '/v1/spam-reports', principal, body }), lambdaContext);

const sent = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .flatMap((e) => JSON.parse(e.MessageBody!).reports as { reportId: string }[]);

describe('POST /v1/spam-reports', () => {
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).callsFake((input) => ({
      Successful: input.Entries.map((e: { Id: string }) => ({
        Id: e.Id,
        MessageId: `id-${e.Id}`,
        MD5OfMessageBody: '',
      })),
      Failed: [],
    }));
  });

  it('queues 500 reports as five messages of 100 in one SendMessageBatch and answers 202', async () => {
    const res = await submit({ reports: spamReports(500) });
    expect(res.statusCode).toBe(202);
    expect(JSON.parse(res.body)).toEqual({ accepted: 500, rejected: [] });
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    const entries = calls[0]!.args[0].input.Entries!;
    expect(entries.map((e) => JSON.parse(e.MessageBody!).reports.length)).toEqual([100, 100, 100, 100, 100]);
    expect(entries.every((e) => Buffer.byteLength(e.MessageBody!) < 64 * 1024)).toBe(true);
    expect(calls[0]!.args[0].input.QueueUrl).toBe(process.env.QUEUE_URL_SPAM_REPORTS);
    expect(new Set(sent().map((r) => r.reportId)).size).toBe(500);
  });

  it("sends the request's correlation id with each message, for the consumer's logs", async () => {
    await submit({ reports: spamReports(3) });
    const entries = sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries!;
    for (const e of entries)
      expect(e.MessageAttributes).toEqual({ correlationId: { DataType: 'String', StringValue: 'req-1' } });
  });

  it('rejects bad rows one by one, naming the field, and queues the rest', async () => {
    const res = await submit({
      reports: [
        spamReport(0),
        spamReport(1, { category: 'CASINO' }),
        spamReport(2, { contentDigest: 'plain text' }),
      ],
    });
    expect(res.statusCode).toBe(202);
    expect(JSON.parse(res.body)).toEqual({
      accepted: 1,
      rejected: [
        { index: 1, reportId: 'KISA-00000001', errors: [{ path: 'category', message: expect.any(String) }] },
        {
          index: 2,
          reportId: 'KISA-00000002',
          errors: [{ path: 'contentDigest', message: 'must be sha256:<64 hex digits>' }],
        },
      ],
    });
    expect(sent().map((r) => r.reportId)).toEqual(['KISA-00000000']);
  });

  it('sends again only the entries a batch reported as failed, then answers 202', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: 'm0', MessageId: 'a', MD5OfMessageBody: '' }],
        Failed: [{ Id: 'm1', Code: 'InternalError', SenderFault: false }],
      })
      .resolves({ Successful: [{ Id: 'm1', MessageId: 'b', MD5OfMessageBody: '' }], Failed: [] });
    const res = await submit({ reports: spamReports(150) });
    expect(res.statusCode).toBe(202);
    expect(JSON.parse(res.body).accepted).toBe(150);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.map((e) => e.Id))).toEqual([['m0', 'm1'], ['m1']]);
  });

  it('answers 503 with nothing accepted when the queue keeps failing', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: 'm0', MessageId: 'a', MD5OfMessageBody: '' }],
      Failed: [{ Id: 'm1', Code: 'InternalError', SenderFault: false }],
    });
    const res = await submit({ reports: spamReports(150) });
    expect(res.statusCode).toBe(503);
    expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '5' });
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(body.detail).toMatch(/retry the whole call/i);
    expect(body).not.toHaveProperty('accepted');
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(4);
  });

  it('answers 503 when SQS itself is unreachable', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    const res = await submit({ reports: spamReports(3) });
    expect(res.statusCode).toBe(503);
  });

  it('refuses more than 500 reports, or none, with 400 naming body.reports', async () => {
    for (const reports of [spamReports(501), []]) {
      const res = await submit({ reports });
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body).errors).toEqual([{ path: 'body.reports', message: expect.any(String) }]);
    }
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('lets only monitors submit', async () => {
    const res = await submit({ reports: [spamReport(0)] }, principals.reviewer());
    expect(res.statusCode).toBe(403);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});

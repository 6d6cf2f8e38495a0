import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { principals } from '../../support/fakes.js';
import { applicationBody } from '../../support/fixtures.js';

testEnv();
process.env.REVIEW_STATE_MACHINE_ARN =
  'arn:aws:states:ap-northeast-2:123456789012:stateMachine:certification-review';
const { handler } = await import('../../../functions/submit-application/handler.js');
const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const submit = (body: unknown, principal = principals.reseller('2208162517')) =>
  handler(apiEvent({ method: 'POST', path: '/v1/applications', principal, body }), lambdaContext);

describe('POST /v1/applications', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    // The registry's relay operators (the application's relayOperatorIds are checked against them).
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'RELAYS' } }).resolves({
      Items: [
        { relayId: 'kt', name: 'KT' },
        { relayId: 'lguplus', name: 'LG U+' },
      ],
    });
    ddb.on(TransactWriteCommand).resolves({});
    sfn.reset();
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });
  });

  it('starts the review execution named after the application', async () => {
    const body = JSON.parse((await submit(applicationBody())).body);
    const starts = sfn.commandCalls(StartExecutionCommand);
    expect(starts).toHaveLength(1);
    expect(starts[0]!.args[0].input).toMatchObject({
      stateMachineArn: process.env.REVIEW_STATE_MACHINE_ARN,
      name: body.applicationId,
    });
    expect(JSON.parse(starts[0]!.args[0].input.input!)).toMatchObject({
      applicationId: body.applicationId,
      decision: null,
    });
  });

  it('writes the application, the reseller and the audit entry in one transaction and answers 201', async () => {
    const res = await submit(applicationBody());
    expect(res.statusCode).toBe(201);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ brn: '2208162517', status: 'SUBMITTED' });
    expect(res.headers?.location).toBe(`/v1/applications/${body.applicationId}`);
    const writes = ddb.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const keys = writes[0]!.args[0].input.TransactItems!.map((i) => i.Put!.Item!.PK as string);
    expect(keys).toEqual([
      `RESELLER#2208162517`,
      `APP#${body.applicationId}`,
      `AUDIT#application#${body.applicationId}`,
    ]);
  });

  it('validates the body before checking ownership: 400 names the field', async () => {
    const res = await submit(applicationBody('1248100998', { paidInCapitalKrw: 'lots' }));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([
      { path: 'body.paidInCapitalKrw', message: expect.any(String) },
    ]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 403 for a well-formed application for another brn, writing nothing', async () => {
    const res = await submit(applicationBody('1248100998'));
    expect(res.statusCode).toBe(403);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 409 when the reseller record changed underneath (conditional write lost)', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    const res = await submit(applicationBody());
    expect(res.statusCode).toBe(409);
  });
});

import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { principals } from '../../support/fakes.js';

testEnv();
const { handler } = await import('../../../functions/get-eligibility/handler.js');
const ddb = mockClient(DynamoDBDocumentClient);

const certified = {
  PK: 'RESELLER#2208162517',
  SK: 'PROFILE',
  brn: '2208162517',
  companyName: 'Example',
  existing: false,
  relayOperatorIds: ['kt'],
  certificate: {
    certificateId: 'C-2026-000001',
    applicationId: 'app_1',
    issuedAt: '2026-01-01T00:00:00.000Z',
    validUntil: '2099-01-01T00:00:00.000Z',
    nextInspectionDue: '2098-01-01T00:00:00.000Z',
  },
  status: 'CERTIFIED',
  throttle: null,
  version: 4,
  reason: 'certificate C-2026-000001 active',
  effectiveAt: '2026-01-01T00:00:00.000Z',
  revision: 5,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const event = (brn: string, principal = principals.relay()) =>
  apiEvent({ path: `/v1/resellers/${brn}/eligibility`, pathParameters: { brn }, principal });

describe('GET /v1/resellers/{brn}/eligibility', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [] });
  });

  it('reads the reseller by its key and answers CERTIFIED with its version', async () => {
    ddb.on(GetCommand, { Key: { PK: 'RESELLER#2208162517', SK: 'PROFILE' } }).resolves({ Item: certified });
    const res = await handler(event('220-81-62517'), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      brn: '2208162517',
      allowed: true,
      status: 'CERTIFIED',
      version: 4,
    });
    expect(res.headers?.['cache-control']).toBe('no-store');
  });

  it('answers UNCERTIFIED version 0 for an unknown brn so the relay blocks it', async () => {
    ddb.on(GetCommand).resolves({});
    const body = JSON.parse((await handler(event('1248100998'), lambdaContext)).body);
    expect(body).toMatchObject({ allowed: false, status: 'UNCERTIFIED', version: 0 });
  });

  it('answers 400 naming path.brn for a bad check digit, without touching the table', async () => {
    const res = await handler(event('2208162518'), lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors[0]).toMatchObject({ path: 'path.brn' });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('answers 404 when a reseller asks about another reseller', async () => {
    const res = await handler(event('1248100998', principals.reseller('2208162517')), lambdaContext);
    expect(res.statusCode).toBe(404);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('serves a repeated question from the 2-second cache without reading again', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...certified, brn: '1234567891', PK: 'RESELLER#1234567891' } });
    await handler(event('1234567891'), lambdaContext);
    await handler(event('1234567891'), lambdaContext);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('answers a generic 500 when DynamoDB fails', async () => {
    ddb.on(GetCommand).rejects(new Error('ProvisionedThroughputExceeded at arn:aws:dynamodb:secret'));
    // A brn this environment has not cached yet (the hot path caches records for 2 s).
    const res = await handler(event('5550001116'), lambdaContext);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('arn:aws');
  });

  it('answers 503 with Retry-After when the table is throttled, revealing nothing of it', async () => {
    ddb.on(GetCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'Rate of requests exceeds the allowed throughput at arn:aws:dynamodb:secret',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const res = await handler(event('3330001118'), lambdaContext);
    expect(res.statusCode).toBe(503);
    expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '5' });
    expect(JSON.parse(res.body)).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(res.body).not.toContain('arn:aws');
  });
});

import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedRelayOperators } from '../../../shared/domain/notices/relay-operators.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { FakeStore, principals } from '../../support/fakes.js';
import { certifiedReseller, openCase } from '../../support/fakes-sanctions.js';

testEnv();
const { handler } = await import('../../../functions/decide-case/handler.js');
const ddb = mockClient(DynamoDBDocumentClient);

const BRN = '2208162517';
const store = new FakeStore();
const reseller = certifiedReseller(store, BRN);
const spamCase = openCase(store, BRN);

const decide = (body: unknown, principal = principals.reviewer(), caseId = spamCase.caseId) =>
  handler(
    apiEvent({
      method: 'POST',
      path: `/v1/cases/${caseId}/decision`,
      resource: '/v1/cases/{caseId}/decision',
      principal,
      body,
      pathParameters: { caseId },
    }),
    lambdaContext,
  );

function stored(caseOver: Record<string, unknown> = {}) {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: { PK: `CASE#${spamCase.caseId}`, SK: 'CASE' } }).resolves({
    Item: { PK: `CASE#${spamCase.caseId}`, SK: 'CASE', entity: 'case', ...spamCase, ...caseOver },
  });
  ddb
    .on(GetCommand, { Key: { PK: `RESELLER#${BRN}`, SK: 'PROFILE' } })
    .resolves({ Item: { PK: `RESELLER#${BRN}`, SK: 'PROFILE', entity: 'reseller', ...reseller } });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'RELAYS' } })
    .resolves({ Items: seedRelayOperators.map((r) => ({ relayId: r.relayId })) });
  ddb.on(TransactWriteCommand).resolves({});
}

const comment = 'confirmed: 25 gambling reports from KISA traps';

describe('POST /v1/cases/{caseId}/decision', () => {
  beforeEach(() => stored());

  it('confirms with a suspension in ONE transaction: case, lock, sanction, reseller, feed, ten notices, audit', async () => {
    const res = await decide({ decision: 'CONFIRM', sanction: { type: 'SUSPENSION' }, comment });
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({
      caseId: spamCase.caseId,
      status: 'CONFIRMED',
      basis: 'REQUEST',
      sanction: { type: 'SUSPENSION', state: 'IN_FORCE', caseId: spamCase.caseId },
    });
    const writes = ddb.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const items = writes[0]!.args[0].input.TransactItems!;
    const pks = items.map((i) => String((i.Put?.Item ?? i.Delete?.Key)?.PK));
    expect(pks.filter((pk) => pk.startsWith('NOTICE#'))).toHaveLength(10);
    expect(pks).toEqual(
      expect.arrayContaining([
        'FEED',
        `RESELLER#${BRN}`,
        `CASE#${spamCase.caseId}`,
        `CASEOPEN#${BRN}`,
        `SANCTION#${body.sanction.sanctionId}`,
        `AUDIT#case#${spamCase.caseId}`,
      ]),
    );
    const notice = items.find((i) => String(i.Put?.Item?.PK).startsWith('NOTICE#'))!.Put!.Item!;
    expect(notice).toMatchObject({
      type: 'reseller.suspended',
      delivery: 'PENDING',
      sanctionId: body.sanction.sanctionId,
      GSI3PK: 'OUTBOX#PENDING',
    });
  });

  it('lets the ladder decide without a sanction: a first confirmed case is a warning (no notices)', async () => {
    const res = await decide({ decision: 'CONFIRM', comment });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      basis: 'LADDER',
      sanction: { type: 'WARNING', state: 'ISSUED' },
    });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.some((i) => String(i.Put?.Item?.PK).startsWith('NOTICE#'))).toBe(false);
  });

  it('answers 403 to a reviewer asking for a revocation and writes nothing', async () => {
    const res = await decide({ decision: 'CONFIRM', sanction: { type: 'REVOCATION' }, comment });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).detail).toMatch(/committee/);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 409 when the case is no longer OPEN', async () => {
    stored({ status: 'DISMISSED', decision: 'DISMISS' });
    const res = await decide({ decision: 'CONFIRM', comment });
    expect(res.statusCode).toBe(409);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
  });

  it('names the field of a bad body (400) and refuses roles other than reviewer and committee (403)', async () => {
    const res = await decide({ decision: 'CONFIRM', sanction: { type: 'FINE' } });
    expect(res.statusCode).toBe(400);
    expect(
      JSON.parse(res.body)
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.comment', 'body.sanction.type']);
    expect((await decide({ decision: 'DISMISS', comment }, principals.regulator())).statusCode).toBe(403);
  });
});

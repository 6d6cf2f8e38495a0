import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { apiEvent, lambdaContext } from '../../support/events.js';
import { principals } from '../../support/fakes.js';
import { resellerFixture } from '../../support/fixtures.js';
import { bindLocalTables } from '../../support/spam-dynamodb.js';

// The code registry's transaction (claim, release, reseller, audit) against DynamoDB Local.
const tables = bindLocalTables('fsc');
const { handler } = await import('../../../functions/put-first-sender-codes/handler.js');
const { DynamoRegistryRepository, DynamoResellerRepository } = await import(
  '../../../shared/adapters/dynamodb/registry-repository.js'
);
const { DynamoFirstSenderCodeRegistry } = await import('../../../shared/adapters/dynamodb/spam-codes.js');
const { documentDb } = await import('../../../shared/adapters/dynamodb/client.js');
const { keys } = await import('../../../shared/adapters/dynamodb/keys.js');

const A = '2208162517';
const B = '1248100998';
const resellers = new DynamoResellerRepository();
const codes = new DynamoFirstSenderCodeRegistry();

const reseller = (brn: string) => resellerFixture(brn);

beforeAll(async () => {
  await tables.create();
  const registry = new DynamoRegistryRepository();
  for (const brn of [A, B])
    await registry.commit({ reseller: { before: undefined, after: reseller(brn) }, audit: [] });
});

const put = (brn: string, body: unknown, principal: Principal) =>
  handler(
    apiEvent({
      method: 'PUT',
      path: `/v1/resellers/${brn}/first-sender-codes`,
      resource: '/v1/resellers/{brn}/first-sender-codes',
      pathParameters: { brn },
      principal,
      body,
    }),
    lambdaContext,
  );

describe('PUT /v1/resellers/{brn}/first-sender-codes', () => {
  it('sets the owner’s codes on the reseller and in the code registry', async () => {
    const res = await put('220-81-62517', { codes: ['fs100', 'FS101'] }, principals.reseller(A));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ brn: A, codes: ['FS100', 'FS101'] });
    expect((await resellers.get(A))?.firstSenderCodes).toEqual(['FS100', 'FS101']);
    expect(await codes.resolve(['FS100', 'FS101', 'FS999'])).toEqual(
      new Map([
        ['FS100', A],
        ['FS101', A],
      ]),
    );
  });

  it('answers 409 for a code another reseller holds, and changes nothing', async () => {
    const res = await put(B, { codes: ['FS200', 'FS100'] }, principals.reseller(B));
    expect(res.statusCode).toBe(409);
    expect(JSON.parse(res.body).detail).toContain('FS100');
    expect((await resellers.get(B))?.firstSenderCodes).toBeUndefined();
    expect(await codes.resolve(['FS200'])).toEqual(new Map());
  });

  it('releases dropped codes in the same transaction, so another reseller may claim them', async () => {
    expect((await put(A, { codes: ['FS101'] }, principals.reseller(A))).statusCode).toBe(200);
    const freed = await documentDb().send(
      new GetCommand({ TableName: tables.names.registry, Key: keys.firstSenderCode('FS100') }),
    );
    expect(freed.Item).toBeUndefined();
    const res = await put(B, { codes: ['FS100'] }, principals.admin());
    expect(res.statusCode).toBe(200);
    expect(await codes.resolve(['FS100', 'FS101'])).toEqual(
      new Map([
        ['FS100', B],
        ['FS101', A],
      ]),
    );
  });

  it('answers 404 to another reseller, never revealing whose codes these are', async () => {
    const res = await put(A, { codes: ['FS300'] }, principals.reseller(B));
    expect(res.statusCode).toBe(404);
  });

  it('answers 400 naming the code that is malformed or repeated', async () => {
    const res = await put(A, { codes: ['ok', 'not ok!', 'OK'] }, principals.reseller(A));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([
      { path: 'body.codes[1]', message: 'must be 1-32 letters, digits or dashes' },
      { path: 'body.codes[2]', message: 'repeats codes[0]' },
    ]);
  });

  it('refuses roles other than the owner reseller and admin', async () => {
    expect((await put(A, { codes: [] }, principals.reviewer())).statusCode).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { certifiedReseller, seedRelays } from '../../support/fakes-sanctions.js';

testEnv();
const { handler } = await import('../../../functions/impose-sanction/handler.js');

const BRN = '2208162517';
function setup() {
  const deps = fakeDeps();
  seedRelays(deps.store);
  certifiedReseller(deps.store, BRN);
  return { deps, call: handler.withDeps(deps) };
}

const impose = (
  call: ReturnType<typeof setup>['call'],
  body: unknown,
  principal = principals.reviewer(),
  brn = BRN,
) =>
  call(
    apiEvent({
      method: 'POST',
      path: `/v1/resellers/${brn}/sanctions`,
      resource: '/v1/resellers/{brn}/sanctions',
      principal,
      body,
      pathParameters: { brn },
    }),
    lambdaContext,
  );

describe('POST /v1/resellers/{brn}/sanctions', () => {
  it('answers 201 with the sanction in force', async () => {
    const { deps, call } = setup();
    const res = await impose(call, { type: 'THROTTLE', reason: 'inspection failed: 2.1', speedPercent: 40 });
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({
      type: 'THROTTLE',
      state: 'IN_FORCE',
      throttle: { speedPercent: 40, volumePercent: 50 },
      imposedBy: 'reviewer:sub-reviewer',
    });
    expect(deps.store.resellers.get(BRN)?.status).toBe('THROTTLED');
  });

  it('accepts a dashed brn and answers 403 to a reviewer revoking, 404 for an unknown reseller', async () => {
    const { call } = setup();
    expect(
      (await impose(call, { type: 'WARNING', reason: 'r' }, principals.reviewer(), '220-81-62517'))
        .statusCode,
    ).toBe(201);
    expect((await impose(call, { type: 'REVOCATION', reason: 'r' })).statusCode).toBe(403);
    expect((await impose(call, { type: 'REVOCATION', reason: 'r' }, principals.committee())).statusCode).toBe(
      201,
    );
    expect(
      (await impose(call, { type: 'WARNING', reason: 'r' }, principals.reviewer(), '1248100998')).statusCode,
    ).toBe(404);
  });

  it('names the field that does not fit the type (400) and refuses other roles (403)', async () => {
    const { call } = setup();
    const res = await impose(call, { type: 'WARNING', reason: 'r', speedPercent: 50 });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([
      { path: 'body.speedPercent', message: 'applies to a THROTTLE only' },
    ]);
    expect((await impose(call, { type: 'WARNING', reason: 'r' }, principals.regulator())).statusCode).toBe(
      403,
    );
  });
});

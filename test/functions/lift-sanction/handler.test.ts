import { describe, expect, it } from 'vitest';
import { imposeSanction } from '../../../shared/domain/sanctions/sanctions.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { certifiedReseller, seedRelays } from '../../support/fakes-sanctions.js';

testEnv();
const { handler } = await import('../../../functions/lift-sanction/handler.js');

const BRN = '2208162517';
const lift = (
  call: ReturnType<typeof handler.withDeps>,
  sanctionId: string,
  body: unknown = { reason: 'fixed' },
) =>
  call(
    apiEvent({
      method: 'POST',
      path: `/v1/sanctions/${sanctionId}/lift`,
      resource: '/v1/sanctions/{sanctionId}/lift',
      principal: principals.reviewer(),
      body,
      pathParameters: { sanctionId },
    }),
    lambdaContext,
  );

describe('POST /v1/sanctions/{sanctionId}/lift', () => {
  it('lifts a suspension (200, reinstated); a second lift is 409; an unknown sanction 404', async () => {
    const deps = fakeDeps();
    seedRelays(deps.store);
    certifiedReseller(deps.store, BRN);
    const { sanction } = await imposeSanction(deps, principals.reviewer(), BRN, {
      type: 'SUSPENSION',
      reason: 'r',
    });
    const call = handler.withDeps(deps);
    const res = await lift(call, sanction.sanctionId);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ state: 'LIFTED', liftReason: 'fixed' });
    expect(deps.store.resellers.get(BRN)?.status).toBe('CERTIFIED');
    expect((await lift(call, sanction.sanctionId)).statusCode).toBe(409);
    expect((await lift(call, 'snc_unknown')).statusCode).toBe(404);
    expect((await lift(call, sanction.sanctionId, {})).statusCode).toBe(400);
  });

  it('refuses a reviewer lifting a committee sanction with 403', async () => {
    const deps = fakeDeps();
    seedRelays(deps.store);
    certifiedReseller(deps.store, BRN);
    const { sanction } = await imposeSanction(deps, principals.committee(), BRN, {
      type: 'SUSPENSION',
      reason: 'committee ruling',
    });
    const res = await lift(handler.withDeps(deps), sanction.sanctionId);
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).detail).toMatch(/committee/);
    expect(deps.store.resellers.get(BRN)?.status).toBe('SUSPENDED');
  });
});

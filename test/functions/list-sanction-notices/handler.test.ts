import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { imposeSanction } from '../../../shared/domain/sanctions/sanctions.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { certifiedReseller, seedRelays } from '../../support/fakes-sanctions.js';

testEnv();
const { handler } = await import('../../../functions/list-sanction-notices/handler.js');

describe('GET /v1/sanctions/{sanctionId}/notices', () => {
  it('shows staff and admins each relay’s delivery state; relays and resellers are refused', async () => {
    const deps = fakeDeps();
    seedRelays(deps.store);
    certifiedReseller(deps.store, '2208162517');
    const { sanction } = await imposeSanction(deps, principals.reviewer(), '2208162517', {
      type: 'SUSPENSION',
      reason: 'r',
    });
    const call = handler.withDeps(deps);
    const get = (principal: Principal, sanctionId = sanction.sanctionId) =>
      call(
        apiEvent({
          path: `/v1/sanctions/${sanctionId}/notices`,
          resource: '/v1/sanctions/{sanctionId}/notices',
          principal,
          pathParameters: { sanctionId },
        }),
        lambdaContext,
      );
    const res = await get(principals.admin());
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.summary).toEqual({ total: 10, delivered: 0, pending: 10, failed: 0 });
    expect(body.items[0]).toMatchObject({ delivery: 'PENDING', attempts: 0, type: 'reseller.suspended' });
    expect((await get(principals.regulator())).statusCode).toBe(200);
    expect((await get(principals.relay())).statusCode).toBe(403);
    expect((await get(principals.reviewer(), 'snc_unknown')).statusCode).toBe(404);
  });
});

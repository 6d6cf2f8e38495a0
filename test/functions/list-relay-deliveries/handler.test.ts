import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { imposeSanction } from '../../../shared/domain/sanctions/sanctions.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { certifiedReseller, fakeOutbox, seedRelays } from '../../support/fakes-sanctions.js';

testEnv();
const { handler } = await import('../../../functions/list-relay-deliveries/handler.js');

describe('GET /v1/relay-operators/{relayId}/deliveries', () => {
  it('shows a relay its own deliveries by status; another relay gets 404, staff 403, a bad status 400', async () => {
    const deps = fakeDeps();
    seedRelays(deps.store);
    certifiedReseller(deps.store, '2208162517');
    await imposeSanction(deps, principals.reviewer(), '2208162517', { type: 'SUSPENSION', reason: 'r' });
    const kt = [...fakeOutbox(deps.store).notices.values()].find((n) => n.relayId === 'kt')!;
    Object.assign(kt, { delivery: 'FAILED', lastError: 'HTTP 500' });
    const call = handler.withDeps(deps);
    const get = (principal: Principal, query: Record<string, string> = {}, relayId = 'kt') =>
      call(
        apiEvent({
          path: `/v1/relay-operators/${relayId}/deliveries`,
          resource: '/v1/relay-operators/{relayId}/deliveries',
          principal,
          pathParameters: { relayId },
          query,
        }),
        lambdaContext,
      );
    const res = await get(principals.relay('kt'), { status: 'FAILED' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      relayId: 'kt',
      items: [{ noticeId: kt.noticeId, delivery: 'FAILED', lastError: 'HTTP 500' }],
    });
    expect(JSON.parse((await get(principals.admin(), { status: 'DELIVERED' })).body).items).toEqual([]);
    expect((await get(principals.relay('skb'))).statusCode).toBe(404);
    expect((await get(principals.reviewer())).statusCode).toBe(403);
    const bad = await get(principals.admin(), { status: 'LOST' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).errors[0].path).toContain('status');
  });
});

import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { imposeSanction } from '../../../shared/domain/sanctions/sanctions.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { certifiedReseller, fakeOutbox, seedRelays } from '../../support/fakes-sanctions.js';

testEnv();
const { handler } = await import('../../../functions/redrive-relay-deliveries/handler.js');

describe('POST /v1/relay-operators/{relayId}/deliveries/redrive', () => {
  it('re-drives the relay’s own FAILED notices (no body needed); another relay 404, staff 403, bad ids 400', async () => {
    const deps = fakeDeps();
    seedRelays(deps.store);
    certifiedReseller(deps.store, '2208162517');
    await imposeSanction(deps, principals.reviewer(), '2208162517', { type: 'SUSPENSION', reason: 'r' });
    const outbox = fakeOutbox(deps.store);
    const kt = [...outbox.notices.values()].find((n) => n.relayId === 'kt')!;
    Object.assign(kt, { delivery: 'FAILED', attempts: 11, lastError: 'HTTP 500' });
    const call = handler.withDeps(deps);
    const post = (principal: Principal, body?: unknown, relayId = 'kt') =>
      call(
        apiEvent({
          method: 'POST',
          path: `/v1/relay-operators/${relayId}/deliveries/redrive`,
          resource: '/v1/relay-operators/{relayId}/deliveries/redrive',
          principal,
          pathParameters: { relayId },
          ...(body === undefined ? {} : { body }),
        }),
        lambdaContext,
      );
    expect((await post(principals.relay('skb'))).statusCode).toBe(404);
    expect((await post(principals.reviewer())).statusCode).toBe(403);
    const bad = await post(principals.admin(), { noticeIds: ['not a notice'] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).errors[0].path).toContain('noticeIds');
    const res = await post(principals.relay('kt'));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      relayId: 'kt',
      redriven: [kt.noticeId],
      skipped: [],
      more: false,
    });
    expect(outbox.notices.get(kt.noticeId)).toMatchObject({ delivery: 'PENDING', attempts: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { imposeSanction } from '../../../shared/domain/sanctions/sanctions.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { certifiedReseller, fakeOutbox, seedRelays } from '../../support/fakes-sanctions.js';

testEnv();
const { handler } = await import('../../../functions/ack-notice/handler.js');

describe('POST /v1/notices/{noticeId}/ack', () => {
  it('records the relay’s own acknowledgement; another relay’s notice is 404', async () => {
    const deps = fakeDeps();
    seedRelays(deps.store);
    certifiedReseller(deps.store, '2208162517');
    await imposeSanction(deps, principals.reviewer(), '2208162517', { type: 'SUSPENSION', reason: 'r' });
    const kt = [...fakeOutbox(deps.store).notices.values()].find((n) => n.relayId === 'kt')!;
    const call = handler.withDeps(deps);
    const ack = (principal: Principal) =>
      call(
        apiEvent({
          method: 'POST',
          path: `/v1/notices/${kt.noticeId}/ack`,
          resource: '/v1/notices/{noticeId}/ack',
          principal,
          pathParameters: { noticeId: kt.noticeId },
        }),
        lambdaContext,
      );
    const res = await ack(principals.relay('kt'));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      noticeId: kt.noticeId,
      relayId: 'kt',
      ackedAt: '2026-01-15T00:00:00.000Z',
      delivery: 'PENDING',
    });
    expect((await ack(principals.relay('skb'))).statusCode).toBe(404);
    expect((await ack(principals.reviewer())).statusCode).toBe(403);
  });
});

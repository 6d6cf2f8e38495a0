import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { imposeSanction } from '../../../shared/domain/sanctions/sanctions.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { certifiedReseller, seedRelays } from '../../support/fakes-sanctions.js';

testEnv();
const { handler } = await import('../../../functions/list-sanctions/handler.js');

const BRN = '2208162517';

describe('GET /v1/resellers/{brn}/sanctions', () => {
  it('serves the owner, relays and staff; another reseller gets 404 and an admin 403', async () => {
    const deps = fakeDeps();
    seedRelays(deps.store);
    certifiedReseller(deps.store, BRN);
    await imposeSanction(deps, principals.reviewer(), BRN, { type: 'WARNING', reason: 'r' });
    const call = handler.withDeps(deps);
    const list = (principal: Principal, query?: Record<string, string>) =>
      call(
        apiEvent({
          path: `/v1/resellers/${BRN}/sanctions`,
          resource: '/v1/resellers/{brn}/sanctions',
          principal,
          pathParameters: { brn: BRN },
          ...(query ? { query } : {}),
        }),
        lambdaContext,
      );
    const own = await list(principals.reseller(BRN));
    expect(own.statusCode).toBe(200);
    expect(JSON.parse(own.body).items).toEqual([
      expect.objectContaining({ type: 'WARNING', state: 'ISSUED' }),
    ]);
    expect(JSON.parse(own.body).items[0]).not.toHaveProperty('imposedBy');
    expect((await list(principals.relay('skb'))).statusCode).toBe(200);
    expect((await list(principals.reseller('1248100998'))).statusCode).toBe(404);
    expect((await list(principals.admin())).statusCode).toBe(403);
    expect((await list(principals.reviewer(), { limit: '0' })).statusCode).toBe(400);
  });
});

import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { changeReport } from '../../shared/domain/work-queues/fixtures.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { lifecycleState } from '../../support/fakes-lifecycle.js';

testEnv();
const { handler } = await import('../../../functions/list-change-reports/handler.js');

function setup() {
  const deps = fakeDeps();
  const state = lifecycleState(deps.store);
  state.changeReports.set('chg_1', changeReport('chg_1', { assignee: 'park' }));
  state.changeReports.set(
    'chg_2',
    changeReport('chg_2', {
      brn: '1248100998',
      reportedAt: '2026-01-04T00:00:00.000Z',
      dueAt: '2026-03-01T15:00:00.000Z',
    }),
  );
  const list = (query: Record<string, string>, principal: Principal = principals.reviewer()) =>
    handler.withDeps(deps)(
      apiEvent({ method: 'GET', path: '/v1/change-reports', principal, query }),
      lambdaContext,
    );
  const own = (brn: string, principal: Principal) =>
    handler.withDeps(deps)(
      apiEvent({
        method: 'GET',
        path: `/v1/resellers/${brn}/change-reports`,
        resource: '/v1/resellers/{brn}/change-reports',
        principal,
        pathParameters: { brn },
      }),
      lambdaContext,
    );
  return { list, own };
}

const ids = (res: { body: string }) =>
  JSON.parse(res.body).items.map((c: { changeReportId: string }) => c.changeReportId);

describe('GET /v1/change-reports', () => {
  it('lists every reseller’s reports oldest first, filtered by assignee and due time', async () => {
    const { list } = setup();
    expect(ids(await list({}))).toEqual(['chg_1', 'chg_2']);
    expect(ids(await list({ assignee: 'park' }))).toEqual(['chg_1']);
    expect(ids(await list({ dueBefore: '2026-02-15T00:00:00+09:00', status: 'UNDER_REVIEW' }))).toEqual([
      'chg_1',
    ]);
  });

  it('answers 400 naming a bad dueBefore, and 403 to a reseller', async () => {
    const { list } = setup();
    const bad = await list({ dueBefore: 'tomorrow' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).errors).toEqual([{ path: 'query.dueBefore', message: expect.any(String) }]);
    expect((await list({}, principals.reseller('2208162517'))).statusCode).toBe(403);
  });

  it('shares its Lambda with a reseller’s own list, each route with its own roles', async () => {
    const { own } = setup();
    const mine = await own('1248100998', principals.reseller('1248100998'));
    expect(mine.statusCode).toBe(200);
    expect(ids(mine)).toEqual(['chg_2']);
    expect((await own('1248100998', principals.reseller('2208162517'))).statusCode).toBe(404);
  });
});

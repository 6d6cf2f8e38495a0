import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { changeReport } from '../../shared/domain/work-queues/fixtures.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { lifecycleState } from '../../support/fakes-lifecycle.js';

testEnv();
const { handler } = await import('../../../functions/assign-work-item/handler.js');

function setup() {
  const deps = fakeDeps();
  const state = lifecycleState(deps.store);
  state.changeReports.set('chg_1', changeReport('chg_1'));
  const put = (body: unknown, principal: Principal = principals.reviewer(), changeReportId = 'chg_1') =>
    handler.withDeps(deps)(
      apiEvent({
        method: 'PUT',
        path: `/v1/change-reports/${changeReportId}/assignee`,
        resource: '/v1/change-reports/{changeReportId}/assignee',
        principal,
        body,
        pathParameters: { changeReportId },
      }),
      lambdaContext,
    );
  return { state, put };
}

describe('PUT /v1/change-reports/{changeReportId}/assignee', () => {
  it('assigns a report under review', async () => {
    const { state, put } = setup();
    const res = await put({ assignee: 'park' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ changeReportId: 'chg_1', assignee: 'park' });
    expect(state.changeReports.get('chg_1')?.assignee).toBe('park');
  });

  it('refuses a regulator (403) and a report that needs no review (409)', async () => {
    const { state, put } = setup();
    expect((await put({ assignee: 'park' }, principals.regulator())).statusCode).toBe(403);
    state.changeReports.set('chg_1', changeReport('chg_1', { status: 'RECORDED' }));
    expect((await put({ assignee: 'park' })).statusCode).toBe(409);
  });
});

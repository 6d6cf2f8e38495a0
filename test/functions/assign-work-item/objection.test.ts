import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { objection } from '../../shared/domain/work-queues/fixtures.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { lifecycleState } from '../../support/fakes-lifecycle.js';

testEnv();
const { handler } = await import('../../../functions/assign-work-item/handler.js');

function setup() {
  const deps = fakeDeps();
  const state = lifecycleState(deps.store);
  state.objections.set('obj_1', objection('obj_1'));
  const put = (body: unknown, principal: Principal = principals.committee(), objectionId = 'obj_1') =>
    handler.withDeps(deps)(
      apiEvent({
        method: 'PUT',
        path: `/v1/objections/${objectionId}/assignee`,
        resource: '/v1/objections/{objectionId}/assignee',
        principal,
        body,
        pathParameters: { objectionId },
      }),
      lambdaContext,
    );
  return { state, put };
}

describe('PUT /v1/objections/{objectionId}/assignee', () => {
  it('assigns a filed objection; the answer shows the assignee to staff', async () => {
    const { state, put } = setup();
    const res = await put({ assignee: 'choi' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ objectionId: 'obj_1', assignee: 'choi', status: 'FILED' });
    expect(state.objections.get('obj_1')?.assignee).toBe('choi');
  });

  it('refuses the reseller (403), a bad body (400), an unknown id (404) and a decided objection (409)', async () => {
    const { state, put } = setup();
    expect((await put({ assignee: 'choi' }, principals.reseller('2208162517'))).statusCode).toBe(403);
    const bad = await put({ assignee: 'choi', extra: 1 });
    expect(bad.statusCode).toBe(400);
    expect((await put({ assignee: 'choi' }, principals.committee(), 'obj_none')).statusCode).toBe(404);
    state.objections.set('obj_1', objection('obj_1', { status: 'CANCELLED', revision: 2 }));
    expect((await put({ assignee: 'choi' })).statusCode).toBe(409);
  });
});

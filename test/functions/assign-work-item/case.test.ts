import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { openCase } from '../../support/fakes-sanctions.js';

testEnv();
const { handler } = await import('../../../functions/assign-work-item/handler.js');

function setup() {
  const deps = fakeDeps();
  const c = openCase(deps.store);
  const put = (body: unknown, principal: Principal = principals.reviewer(), caseId = c.caseId) =>
    handler.withDeps(deps)(
      apiEvent({
        method: 'PUT',
        path: `/v1/cases/${caseId}/assignee`,
        resource: '/v1/cases/{caseId}/assignee',
        principal,
        body,
        pathParameters: { caseId },
      }),
      lambdaContext,
    );
  return { deps, c, put };
}

describe('PUT /v1/cases/{caseId}/assignee', () => {
  it('assigns an open case and answers with it', async () => {
    const { deps, c, put } = setup();
    const res = await put({ assignee: 'kim' }, principals.committee());
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ caseId: c.caseId, assignee: 'kim' });
    expect(deps.store.cases.get(c.caseId)?.assignee).toBe('kim');
  });

  it('checks the role first (403), then the body (400 naming the field), the case (404) and its state (409)', async () => {
    const { deps, c, put } = setup();
    expect((await put({}, principals.reseller(c.brn))).statusCode).toBe(403);
    expect((await put({ assignee: 'kim' }, principals.regulator())).statusCode).toBe(403);
    const bad = await put({ assignee: '' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).errors).toEqual([{ path: 'body.assignee', message: expect.any(String) }]);
    expect((await put({ assignee: 'kim' }, principals.reviewer(), 'case_none')).statusCode).toBe(404);
    deps.store.cases.set(c.caseId, { ...c, status: 'CONFIRMED', revision: 2 });
    expect((await put({ assignee: 'kim' })).statusCode).toBe(409);
  });
});

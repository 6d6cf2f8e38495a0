import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { application } from '../../shared/domain/work-queues/fixtures.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';

testEnv();
const { handler } = await import('../../../functions/assign-work-item/handler.js');

function setup() {
  const deps = fakeDeps();
  deps.store.applications.set('app_1', application('app_1'));
  const put = (body: unknown, principal: Principal = principals.reviewer(), applicationId = 'app_1') =>
    handler.withDeps(deps)(
      apiEvent({
        method: 'PUT',
        path: `/v1/applications/${applicationId}/assignee`,
        resource: '/v1/applications/{applicationId}/assignee',
        principal,
        body,
        pathParameters: { applicationId },
      }),
      lambdaContext,
    );
  return { deps, put };
}

describe('PUT /v1/applications/{applicationId}/assignee', () => {
  it('assigns an application under review; its due time is the open staff step’s deadline', async () => {
    const { put } = setup();
    const res = await put({ assignee: 'kim' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      applicationId: 'app_1',
      assignee: 'kim',
      dueAt: '2026-01-31T15:00:00.000Z',
    });
  });

  it('refuses the reseller (403), a missing assignee (400) and an ended application (409)', async () => {
    const { deps, put } = setup();
    expect((await put({ assignee: 'kim' }, principals.reseller('2208162517'))).statusCode).toBe(403);
    const bad = await put({});
    expect(JSON.parse(bad.body).errors).toEqual([{ path: 'body.assignee', message: expect.any(String) }]);
    deps.store.applications.set('app_1', application('app_1', { status: 'WITHDRAWN' }));
    expect((await put({ assignee: 'kim' })).statusCode).toBe(409);
  });
});

import { describe, expect, it } from 'vitest';
import { submitApplication } from '../../../shared/domain/applications/application-use-cases.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { applicationBody } from '../../support/fixtures.js';

testEnv();
const { handler } = await import('../../../functions/withdraw-application/handler.js');

const BRN = '2208162517';

async function submitted() {
  const deps = fakeDeps();
  const { application } = await submitApplication(
    deps,
    principals.reseller(BRN),
    applicationBody(BRN) as never,
  );
  return { deps, applicationId: application.applicationId };
}

const withdraw = (
  deps: ReturnType<typeof fakeDeps>,
  applicationId: string,
  over: { body?: unknown; rawBody?: string } = {},
) =>
  handler.withDeps(deps)(
    apiEvent({
      method: 'POST',
      path: `/v1/applications/${applicationId}/withdraw`,
      resource: '/v1/applications/{applicationId}/withdraw',
      principal: principals.reseller(BRN),
      pathParameters: { applicationId },
      ...over,
    }),
    lambdaContext,
  );

describe('POST /v1/applications/{applicationId}/withdraw', () => {
  it('withdraws without a body: the reason is optional', async () => {
    const { deps, applicationId } = await submitted();
    const res = await withdraw(deps, applicationId);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      status: 'WITHDRAWN',
      reasons: ['withdrawn by the applicant'],
    });
  });

  it('withdraws with an empty body', async () => {
    const { deps, applicationId } = await submitted();
    const res = await withdraw(deps, applicationId, { rawBody: '' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'WITHDRAWN' });
  });

  it('keeps the reason when one is given and still names an invalid field', async () => {
    const { deps, applicationId } = await submitted();
    const bad = await withdraw(deps, applicationId, { body: { reason: '' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).errors).toEqual([{ path: 'body.reason', message: expect.any(String) }]);
    const res = await withdraw(deps, applicationId, { body: { reason: 'changed our plans' } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'WITHDRAWN', reasons: ['changed our plans'] });
  });
});

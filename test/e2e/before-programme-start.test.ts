import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { type RouteDef, type RouteId, routes } from '../../shared/http/routes.js';
import { applicationBody } from '../support/fixtures.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';
import { claimsFor, samplePath, samplePathParams } from '../support/route-walk.js';
import { spamReport } from '../support/spam-fixtures.js';

/**
 * With the business clock before the programme start (2024-06-01 00:00 KST = 2024-05-31T15:00Z),
 * every route answers with the rules of that time or a clear 4xx, never a 5xx.
 */
const BEFORE_START = '2024-05-20T00:00:00.000Z';
let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  const clock = await api.post('/_local/clock', { as: as.admin(), body: { set: BEFORE_START } });
  expect(clock.status).toBe(200);
});
afterAll(() => runtime?.stop());

/** A well-formed body for each route that takes one (the walk goes as deep as the route allows). */
const bodies: Partial<Record<RouteId, unknown>> = {
  submitApplication: applicationBody(samplePathParams.brn),
  submitSupplement: { checklist: [{ item: '1.1', evidence: 'paid-in capital statement' }] },
  reviewApplication: { decision: 'PASS' },
  recordInspection: { result: 'PASS', inspectedAt: '2024-05-19T00:00:00Z' },
  decideApplication: { decision: 'APPROVE' },
  importExistingResellers: [
    {
      brn: '0000000015',
      companyName: 'Old One',
      registeredAt: '2020-01-01T00:00:00Z',
      relayOperatorIds: ['kt'],
    },
  ],
  submitSpamReports: {
    reports: [spamReport(1, { receivedAt: '2024-05-19T23:00:00Z', firstSenderCode: undefined })],
  },
  putFirstSenderCodes: { codes: ['FSWALK01'] },
  decideCase: { decision: 'DISMISS', comment: 'not spam' },
  imposeSanction: { type: 'SUSPENSION', reason: 'inspection failed: 3.4' },
  liftSanction: { reason: 'remediated' },
  putRelayOperator: { name: 'KT', webhookUrl: null },
  putPolicy: { effectiveFrom: '2024-07-01T00:00:00Z', parameters: {}, source: 'walk' },
  setLocalClock: { set: BEFORE_START },
};

const allowedRole = (route: RouteDef) => (route.auth === 'public' ? undefined : route.auth[0]);

describe('every route before the programme start', () => {
  it('answers each route of the table with a non-5xx status', async () => {
    // Ids the walk creates on its way are used by the routes after it.
    const params = { ...samplePathParams };
    const answers: { route: string; status: number; detail?: string }[] = [];
    for (const [id, route] of Object.entries(routes) as [RouteId, RouteDef][]) {
      const role = allowedRole(route);
      const body = bodies[id];
      const method = route.method === 'GET' ? 'get' : route.method === 'PUT' ? 'put' : 'post';
      const res = await api[method](samplePath(route, params), {
        ...(role ? { as: claimsFor(role) } : {}),
        ...(body !== undefined ? { body } : {}),
      });
      answers.push({ route: `${route.method} ${route.path}`, status: res.status, detail: res.body?.detail });
      if (id === 'submitApplication' && res.status === 201) params.applicationId = res.body.applicationId;
      if (id === 'imposeSanction' && res.status === 201) params.sanctionId = res.body.sanctionId;
    }
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  });

  it('answers UNCERTIFIED for an unknown brn', async () => {
    const res = await api.get('/v1/resellers/8888888888/eligibility', { as: as.relay() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'UNCERTIFIED', allowed: false, version: 0 });
  });

  it('shows the rules the programme starts with', async () => {
    const res = await api.get('/v1/policy', { as: as.regulator() });
    expect(res.status).toBe(200);
    expect(res.body.parameters).toMatchObject({ programStart: '2024-05-31T15:00:00.000Z' });
  });
});

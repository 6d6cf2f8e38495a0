import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { eventually, WAIT_MS } from '../support/eventually.js';
import { applicationBody } from '../support/fixtures.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';
import { spamReports } from '../support/spam-fixtures.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
const brn = '6100000001';

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  await api.post('/_local/clock', { as: as.admin(), body: { set: '2026-02-10T03:00:00Z' } });
  // The reseller is known to the registry and registers the code it inserts in every message.
  await api.post('/v1/applications', { as: as.reseller(brn), body: applicationBody(brn) });
  const codes = await api.put(`/v1/resellers/${brn}/first-sender-codes`, {
    as: as.reseller(brn),
    body: { codes: ['FSBURST1'] },
  });
  expect(codes.status).toBe(200);
});
afterAll(() => runtime?.stop());

describe('a 10,000-report burst for one reseller through the local runtime', () => {
  it('accepts every call, counts each report once despite a re-sent call, and opens exactly one case', async () => {
    const reports = spamReports(10_000, () => ({
      firstSenderCode: 'FSBURST1',
      receivedAt: '2026-02-10T02:30:00.000Z',
      category: 'GAMBLING',
    }));
    for (let i = 0; i < reports.length; i += 500) {
      const res = await api.post('/v1/spam-reports', {
        as: as.monitor(),
        body: { reports: reports.slice(i, i + 500) },
      });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ accepted: 500, rejected: [] });
    }
    // A monitor that did not hear the answer sends the first call again: nothing counts twice.
    await api.post('/v1/spam-reports', { as: as.monitor(), body: { reports: reports.slice(0, 500) } });
    await runtime.queues.drain({ timeoutMs: WAIT_MS });

    const stats = await eventually(async () => {
      const res = await api.get('/v1/statistics/monthly?month=2026-02', { as: as.regulator() });
      expect(res.body.reports).toBe(10_000);
      return res.body;
    });
    expect(stats.topResellers[0]).toEqual({ brn, reports: 10_000 });
    expect(stats.reportsByRelay).toEqual([{ relayId: 'kt', reports: 10_000 }]);

    const cases = await api.get(`/v1/cases?brn=${brn}`, { as: as.reviewer() });
    expect(cases.body.items).toHaveLength(1);
    expect(cases.body.items[0]).toMatchObject({ brn, status: 'OPEN' });
  });
});

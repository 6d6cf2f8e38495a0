import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { eventually } from '../support/eventually.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

const NEVER = '2208162517'; // never applies
const APPLIED = '1248100998'; // applies before the deadline
const LATE = '1010101013'; // imported during the extension

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(() => runtime?.stop());

const setClock = (iso: string) => api.post('/_local/clock', { as: as.admin(), body: { set: iso } });

async function statusOf(brn: string) {
  return (await api.get(`/v1/resellers/${brn}/eligibility`, { as: as.relay() })).body;
}

async function announced(brn: string, status: string) {
  await eventually(async () => {
    const feed = await api.get('/v1/registry/changes?limit=1000', { as: as.relay() });
    const mine = feed.body.changes.filter((c: { brn: string }) => c.brn === brn);
    expect(mine.at(-1)?.status).toBe(status);
  });
}

describe('a whole grace period on the local business clock', () => {
  it('imports existing resellers in GRACE and reminds them before the deadline', async () => {
    await setClock('2024-09-01T00:00:00Z');
    const res = await api.post('/v1/admin/existing-resellers', {
      as: as.admin(),
      body: [
        { brn: NEVER, companyName: 'Never Applies Co', registeredAt: '2019-03-01T00:00:00Z' },
        { brn: APPLIED, companyName: 'Applies Co', registeredAt: '2020-03-01T00:00:00Z' },
      ],
    });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['GRACE', 'GRACE']);
    await setClock('2024-10-31T15:00:01Z'); // 30 days before the deadline
    await eventually(async () => {
      const notes = await api.get(`/v1/resellers/${NEVER}/notifications`, { as: as.reseller(NEVER) });
      expect(notes.body.items[0]).toMatchObject({ kind: 'GRACE_REMINDER', detail: { daysBefore: 30 } });
    });
  });

  it('keeps the applicant in GRACE and throttles the non-applicant at 00:00 KST on 1 December', async () => {
    await setClock('2024-11-20T00:00:00Z');
    // The applicant's application is under review (its own workflow keeps it pending).
    const body = {
      brn: APPLIED,
      companyName: 'Applies Co',
      representative: { name: 'Park', phone: '010-3333-4444', email: 'park@applies.kr' },
      officeAddress: '1 Jong-ro, Seoul',
      telecomRegistrationNumber: '2019-SEOUL-0099',
      paidInCapitalKrw: 300_000_000,
      antiSpamStaff: [{ name: 'Choi', phone: '010-5555-6666', employee: true }],
      bankAccount: { bank: 'Shinhan', number: '110-222-333444' },
      relayOperatorIds: ['kt'],
      serviceTypes: ['WEB'],
      checklist: [{ item: '2.1', evidence: 'identity checks' }],
    };
    expect((await api.post('/v1/applications', { as: as.reseller(APPLIED), body })).status).toBe(201);
    await setClock('2024-11-30T14:59:59Z');
    expect((await statusOf(NEVER)).status).toBe('GRACE');
    await setClock('2024-11-30T15:00:00Z');
    await announced(NEVER, 'THROTTLED');
    expect(await statusOf(NEVER)).toMatchObject({
      status: 'THROTTLED',
      allowed: true,
      throttle: { speedPercent: 50, volumePercent: 50 },
    });
  });

  it('imports a reseller during the extension as THROTTLED at once', async () => {
    await setClock('2024-12-15T00:00:00Z');
    const res = await api.post('/v1/admin/existing-resellers', {
      as: as.admin(),
      body: [{ brn: LATE, companyName: 'Late Co', registeredAt: '2018-01-01T00:00:00Z' }],
    });
    expect(res.body.results[0]).toMatchObject({ outcome: 'CREATED', status: 'THROTTLED' });
  });

  it('blocks every uncertified existing reseller when the extension ends, in the registry and the feed', async () => {
    await setClock('2024-12-31T15:00:00Z');
    for (const brn of [NEVER, LATE]) await announced(brn, 'UNCERTIFIED');
    const registry = await api.get('/v1/registry', { as: as.relay() });
    const byBrn = Object.fromEntries(
      registry.body.items.map((i: { brn: string; status: string }) => [i.brn, i.status]),
    );
    expect(byBrn[NEVER]).toBe('UNCERTIFIED');
    expect(byBrn[LATE]).toBe('UNCERTIFIED');
    const feed = await api.get('/v1/registry/changes?limit=1000', { as: as.relay() });
    expect(
      feed.body.changes
        .filter((c: { brn: string }) => c.brn === NEVER)
        .map((c: { status: string }) => c.status),
    ).toEqual(['GRACE', 'THROTTLED', 'UNCERTIFIED']);
  });

  it('lets the daily sweep (on its schedule) enforce a deadline the workflow missed', async () => {
    await setClock('2024-11-01T00:00:00Z');
    const brn = '3131313134';
    await api.post('/v1/admin/existing-resellers', {
      as: as.admin(),
      body: [{ brn, companyName: 'Orphan Co', registeredAt: '2018-01-01T00:00:00Z' }],
    });
    // Its grace workflow dies (as if a task had failed for good).
    const execution = (
      await runtime.workflows.listExecutions({ stateMachineName: 'grace-period' })
    ).executions.find((e) => e.name === `grace-${brn}`)!;
    await runtime.workflows.stopExecution({ executionArn: execution.executionArn, error: 'Broken' });
    // Past the deadline and past 00:00 KST the next day: the schedule fires the sweep.
    await setClock('2024-12-01T15:00:30Z');
    await announced(brn, 'THROTTLED');
    const feed = await api.get('/v1/registry/changes?limit=1000', { as: as.relay() });
    expect(feed.body.changes.filter((c: { brn: string }) => c.brn === brn)).toHaveLength(2); // GRACE, THROTTLED
  });
});

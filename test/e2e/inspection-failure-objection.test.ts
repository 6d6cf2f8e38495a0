import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { as, client } from '../support/http-client.js';
import { lifecycleE2e } from '../support/lifecycle-e2e.js';
import { startTestRuntime } from '../support/local-runtime.js';

/**
 * The second path through `npm start`'s runtime: FAIL → re-inspection FAIL → committee SUSPEND →
 * objection with a stay → CANCEL. Every eligibility change reaches ten verifying relays and the feed.
 */
const BRN = '1248100998';
const secretsDir = mkdtempSync(join(tmpdir(), 'e2e-objection-secrets-'));
process.env.LOCAL_SECRETS_DIR = secretsDir;

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
const life = lifecycleE2e(
  () => api,
  () => runtime,
);

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  await life.connectRelays();
  await life.setClock('2026-03-02T00:00:00Z');
});
afterAll(async () => {
  await runtime?.stop();
  await life.stop();
  rmSync(secretsDir, { recursive: true, force: true });
});

describe('a failed inspection, a suspension and an objection', () => {
  let sanctionId: string;
  let objectionId: string;

  it('certifies the reseller', async () => {
    await life.certify(BRN);
    await life.everyRelayHolds(BRN, 'reseller.certified', '2026-03-02');
  });

  it('FAIL gives a corrective period and opens the re-inspection when it ends', async () => {
    await life.setClock('2027-02-01T00:00:00Z');
    const open = await life.inspectionBecomes(BRN, 'ANNUAL', 'OPEN');
    const noItems = await api.post(`/v1/inspections/${open.inspectionId}/result`, {
      as: as.reviewer(),
      body: { result: 'FAIL', inspectedAt: '2027-02-01T00:00:00Z' },
    });
    expect(noItems.status).toBe(400);
    expect(noItems.body.errors[0].path).toBe('body.failedItems');
    const failed = await api.post(`/v1/inspections/${open.inspectionId}/result`, {
      as: as.reviewer(),
      body: { result: 'FAIL', inspectedAt: '2027-02-01T00:00:00Z', failedItems: ['3.4'] },
    });
    expect(failed.body).toMatchObject({ status: 'FAILED', correctiveUntil: '2027-03-03T15:00:00.000Z' });
    const corrective = await life.inspectionBecomes(BRN, 'REINSPECTION', 'CORRECTIVE');
    expect(corrective).toMatchObject({ status: 'CORRECTIVE' });
    await life.setClock('2027-03-03T15:00:01Z');
    await life.inspectionBecomes(BRN, 'REINSPECTION', 'OPEN');
    // Staff-side steps change nothing a relay acts on.
    expect((await life.feedFor(BRN)).map((c) => c.status)).toEqual(['CERTIFIED']);
  });

  it('a second FAIL goes to the committee, whose SUSPEND every relay hears of', async () => {
    const re = await life.inspectionBecomes(BRN, 'REINSPECTION', 'OPEN');
    const second = await api.post(`/v1/inspections/${re.inspectionId}/result`, {
      as: as.reviewer(),
      body: { result: 'FAIL', inspectedAt: '2027-03-03T15:00:00Z', failedItems: ['3.4'] },
    });
    expect(second.body.status).toBe('COMMITTEE');
    const byReviewer = await api.post(`/v1/inspections/${re.inspectionId}/decision`, {
      as: as.reviewer(),
      body: { decision: 'SUSPEND', until: '2027-06-30T15:00:00Z', comment: 'x' },
    });
    expect(byReviewer.status).toBe(403);
    const decided = await api.post(`/v1/inspections/${re.inspectionId}/decision`, {
      as: as.committee(),
      body: { decision: 'SUSPEND', until: '2027-06-30T15:00:00Z', comment: 'MFA still missing' },
    });
    expect(decided.status).toBe(200);
    sanctionId = decided.body.sanctionId;
    await life.everyRelayHolds(BRN, 'reseller.suspended', '2027-03-03T15:0');
    expect((await life.feedFor(BRN)).map((c) => c.status)).toEqual(['CERTIFIED', 'SUSPENDED']);
  });

  it('takes one objection with a stay: the reseller is reinstated at every relay', async () => {
    const filed = await api.post('/v1/objections', {
      as: as.reseller(BRN),
      body: { subject: { type: 'SANCTION', id: sanctionId }, grounds: 'MFA was deployed before the visit' },
    });
    expect(filed.status).toBe(201);
    objectionId = filed.body.objectionId;
    const second = await api.post('/v1/objections', {
      as: as.reseller(BRN),
      body: { subject: { type: 'SANCTION', id: sanctionId }, grounds: 'again' },
    });
    expect(second.status).toBe(409);
    const stranger = await api.get(`/v1/objections/${objectionId}`, { as: as.reseller('2208162517') });
    expect(stranger.status).toBe(404);
    // The committee's work queue: assigned, then found by assignee and due time; the reseller never sees who.
    const assigned = await api.put(`/v1/objections/${objectionId}/assignee`, {
      as: as.committee(),
      body: { assignee: 'choi.committee' },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assignee: 'choi.committee', dueAt: filed.body.dueAt });
    const queue = await api.get(
      `/v1/objections?status=FILED&assignee=choi.committee&dueBefore=${encodeURIComponent(filed.body.dueAt)}`,
      { as: as.committee() },
    );
    expect(queue.body.items.map((o: { objectionId: string }) => o.objectionId)).toEqual([objectionId]);
    const own = await api.get(`/v1/objections/${objectionId}`, { as: as.reseller(BRN) });
    expect(own.body).not.toHaveProperty('assignee');
    const stay = await api.post(`/v1/objections/${objectionId}/stay`, {
      as: as.committee(),
      body: { granted: true, comment: 'until we decide' },
    });
    expect(stay.status).toBe(200);
    await life.everyRelayHolds(BRN, 'reseller.reinstated', '2027-03-03T15:0');
    expect((await life.feedFor(BRN)).map((c) => c.status)).toEqual(['CERTIFIED', 'SUSPENDED', 'CERTIFIED']);
  });

  it('CANCEL ends the sanction for good, kept on record marked cancelled', async () => {
    const decided = await api.post(`/v1/objections/${objectionId}/decision`, {
      as: as.committee(),
      body: { decision: 'CANCEL', comment: 'the evidence shows MFA in place' },
    });
    expect(decided.body.status).toBe('CANCELLED');
    const sanctions = await api.get(`/v1/resellers/${BRN}/sanctions`, { as: as.reseller(BRN) });
    expect(
      sanctions.body.items.find((s: { sanctionId: string }) => s.sanctionId === sanctionId),
    ).toMatchObject({
      state: 'CANCELLED',
    });
    const eligibility = await api.get(`/v1/resellers/${BRN}/eligibility`, { as: as.relay() });
    expect(eligibility.body).toMatchObject({ status: 'CERTIFIED', sanction: null });
    const mine = await api.get('/v1/objections', { as: as.reseller(BRN) });
    expect(mine.body.items.map((o: { status: string }) => o.status)).toEqual(['CANCELLED']);
    const trail = await api.get(`/v1/audit?entity=objection%23${objectionId}`, { as: as.admin() });
    const actions = trail.body.items.map((a: { action: string }) => a.action);
    expect(actions.filter((a: string) => a !== 'ASSIGNED')).toEqual([
      'OBJECTION_CANCELLED',
      'STAY_GRANTED',
      'OBJECTION_FILED',
    ]);
    expect(actions).toContain('ASSIGNED');
    // Decided, it is no one's work any more.
    const late = await api.put(`/v1/objections/${objectionId}/assignee`, {
      as: as.committee(),
      body: { assignee: 'kim' },
    });
    expect(late.status).toBe(409);
  });
});

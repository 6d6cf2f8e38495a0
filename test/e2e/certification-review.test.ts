import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { eventually } from '../support/eventually.js';
import { applicationBody } from '../support/fixtures.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  await api.post('/_local/clock', { as: as.admin(), body: { set: '2026-03-02T00:00:00Z' } });
});
afterAll(() => runtime?.stop());

async function statusBecomes(brn: string, id: string, status: string) {
  return eventually(async () => {
    const res = await api.get(`/v1/applications/${id}`, { as: as.reseller(brn) });
    expect(res.body.status).toBe(status);
    return res.body;
  });
}

describe('certification review through the HTTP API on the real ASL file', () => {
  it('takes an application from submission to a certificate and CERTIFIED eligibility', async () => {
    const brn = '6100000001';
    const submitted = await api.post('/v1/applications', {
      as: as.reseller(brn),
      body: applicationBody(brn),
    });
    expect(submitted.status).toBe(201);
    const id = submitted.body.applicationId;

    await statusBecomes(brn, id, 'DOCUMENT_REVIEW');
    const queue = await api.get('/v1/applications?status=DOCUMENT_REVIEW', { as: as.reviewer() });
    expect(queue.body.items.map((a: { applicationId: string }) => a.applicationId)).toContain(id);

    const reviewed = await api.post(`/v1/applications/${id}/review`, {
      as: as.reviewer(),
      body: { decision: 'PASS', comment: 'documents complete' },
      headers: { 'idempotency-key': `review-${id}` },
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('INSPECTION');
    // A retry with the same key replays the first answer instead of deciding again.
    const retried = await api.post(`/v1/applications/${id}/review`, {
      as: as.reviewer(),
      body: { decision: 'PASS', comment: 'documents complete' },
      headers: { 'idempotency-key': `review-${id}` },
    });
    expect(retried.body).toEqual(reviewed.body);
    // Without a key, a decision on a step that no longer waits is a conflict.
    const late = await api.post(`/v1/applications/${id}/review`, {
      as: as.reviewer(),
      body: { decision: 'PASS' },
    });
    expect(late.status).toBe(409);

    await statusBecomes(brn, id, 'INSPECTION');
    const future = await api.post(`/v1/applications/${id}/inspection`, {
      as: as.reviewer(),
      body: { result: 'PASS', inspectedAt: '2027-01-01T00:00:00Z' },
    });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].path).toBe('body.inspectedAt');
    await api.post(`/v1/applications/${id}/inspection`, {
      as: as.reviewer(),
      body: { result: 'PASS', inspectedAt: '2026-03-01T09:00:00Z' },
    });

    const inspected = await statusBecomes(brn, id, 'COMMITTEE_REVIEW');
    expect(inspected.inspectedAt).toBe('2026-03-01T09:00:00.000Z');
    expect(
      (
        await api.post(`/v1/applications/${id}/decision`, {
          as: as.reviewer(),
          body: { decision: 'APPROVE' },
        })
      ).status,
    ).toBe(403);
    const decided = await api.post(`/v1/applications/${id}/decision`, {
      as: as.committee(),
      body: { decision: 'APPROVE', comment: 'meets every item' },
    });
    expect(decided.status).toBe(200);

    const app = await statusBecomes(brn, id, 'APPROVED');
    expect(app.certificateId).toMatch(/^C-2026-\d{6}$/);
    const eligibility = await api.get(`/v1/resellers/${brn}/eligibility`, { as: as.relay() });
    expect(eligibility.body).toMatchObject({
      status: 'CERTIFIED',
      allowed: true,
      certificateId: app.certificateId,
      version: 1,
    });
    const profile = await api.get(`/v1/resellers/${brn}`, { as: as.reseller(brn) });
    expect(profile.body.certificate).toMatchObject({
      certificateId: app.certificateId,
      lastInspectedAt: '2026-03-01T09:00:00.000Z',
    });
    const feed = await api.get('/v1/registry/changes?limit=1000', { as: as.relay() });
    expect(feed.body.changes.filter((c: { brn: string }) => c.brn === brn)).toEqual([
      expect.objectContaining({ status: 'CERTIFIED', version: 1 }),
    ]);
  });

  it('rejects at screening with the failing checklist items', async () => {
    const brn = '6200000008';
    const res = await api.post('/v1/applications', {
      as: as.reseller(brn),
      body: applicationBody(brn, { paidInCapitalKrw: 100_000_000 }),
    });
    const app = await statusBecomes(brn, res.body.applicationId, 'REJECTED');
    expect(app.failedItems).toEqual(['1.1']);
    expect(app.reasons[0]).toMatch(/below the minimum/);
  });

  it('requests a supplement, takes it from the owner only, and rejects one nobody asked for', async () => {
    const brn = '6300000005';
    const id = (await api.post('/v1/applications', { as: as.reseller(brn), body: applicationBody(brn) })).body
      .applicationId;
    await statusBecomes(brn, id, 'DOCUMENT_REVIEW');
    const early = await api.post(`/v1/applications/${id}/supplements`, {
      as: as.reseller(brn),
      body: { checklist: [{ item: '2.2', evidence: 'x' }] },
    });
    expect(early.status).toBe(409);
    const missing = await api.post(`/v1/applications/${id}/review`, {
      as: as.reviewer(),
      body: { decision: 'REQUEST_SUPPLEMENT' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('body.failedItems');
    await api.post(`/v1/applications/${id}/review`, {
      as: as.reviewer(),
      body: { decision: 'REQUEST_SUPPLEMENT', failedItems: ['2.2'], comment: 'describe the geo-blocking' },
    });
    await statusBecomes(brn, id, 'SUPPLEMENT_REQUESTED');
    const stranger = await api.post(`/v1/applications/${id}/supplements`, {
      as: as.reseller('6400000002'),
      body: { checklist: [{ item: '2.2', evidence: 'x' }] },
    });
    expect(stranger.status).toBe(404);
    const supplied = await api.post(`/v1/applications/${id}/supplements`, {
      as: as.reseller(brn),
      body: { checklist: [{ item: '2.2', evidence: 'geo-IP blocking at the edge' }] },
    });
    expect(supplied.status).toBe(200);
    await statusBecomes(brn, id, 'DOCUMENT_REVIEW');
  });

  it('ends an application as EXPIRED when the supplement deadline passes on the business clock', async () => {
    const brn = '6500000009';
    const id = (await api.post('/v1/applications', { as: as.reseller(brn), body: applicationBody(brn) })).body
      .applicationId;
    await statusBecomes(brn, id, 'DOCUMENT_REVIEW');
    await api.post(`/v1/applications/${id}/review`, {
      as: as.reviewer(),
      body: { decision: 'REQUEST_SUPPLEMENT', failedItems: ['5.2'] },
    });
    await statusBecomes(brn, id, 'SUPPLEMENT_REQUESTED');
    await api.post('/_local/clock', { as: as.admin(), body: { advanceSeconds: 15 * 86_400 } });
    const app = await statusBecomes(brn, id, 'EXPIRED');
    expect(app.reasons).toEqual(['the supplement deadline passed without a supplement']);
  });

  it('withdraws mid-review and stops the execution', async () => {
    const brn = '8000000002';
    const id = (await api.post('/v1/applications', { as: as.reseller(brn), body: applicationBody(brn) })).body
      .applicationId;
    await statusBecomes(brn, id, 'DOCUMENT_REVIEW');
    const res = await api.post(`/v1/applications/${id}/withdraw`, {
      as: as.reseller(brn),
      body: { reason: 'business closed' },
    });
    expect(res.body).toMatchObject({ status: 'WITHDRAWN', reasons: ['business closed'] });
    await eventually(async () => {
      const executions = await runtime.workflows.listExecutions({ stateMachineName: 'certification-review' });
      expect(executions.executions.find((e) => e.name === id)?.status).toBe('ABORTED');
    });
  });
});

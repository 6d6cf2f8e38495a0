import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { eventually } from '../support/eventually.js';
import { as, client } from '../support/http-client.js';
import { lifecycleE2e } from '../support/lifecycle-e2e.js';
import { startTestRuntime } from '../support/local-runtime.js';

/**
 * A certificate's year through `npm start`'s runtime on the business clock: issuance, the annual
 * inspection opening with a reminder, PASS, an accepted change report, renewal reminders and a
 * renewal approved before validUntil with no gap. Eligibility changes reach ten verifying relays.
 */
const BRN = '2208162517';
const secretsDir = mkdtempSync(join(tmpdir(), 'e2e-year-secrets-'));
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

describe('a certificate’s year', () => {
  let certificateId: string;

  it('issues the certificate with its first inspection due 12 months on, at the end of the KST day', async () => {
    const app = await life.certify(BRN);
    certificateId = app.certificateId;
    await life.everyRelayHolds(BRN, 'reseller.certified', '2026-03-02');
    const profile = await api.get(`/v1/resellers/${BRN}`, { as: as.reseller(BRN) });
    expect(profile.body.certificate).toMatchObject({
      certificateId,
      revision: 1,
      nextInspectionDue: '2027-03-02T15:00:00.000Z',
      validUntil: '2028-03-02T15:00:00.000Z',
      // The on-site inspection of the review the certificate rests on.
      lastInspectedAt: expect.stringMatching(/^2026-03-02T00:00/),
    });
    const [inspection] = await life.inspectionsOf(BRN);
    expect(inspection).toMatchObject({
      kind: 'ANNUAL',
      status: 'SCHEDULED',
      dueAt: '2027-03-02T15:00:00.000Z',
    });
  });

  it('opens the inspection 30 days before it is due, with a reminder to the reseller', async () => {
    await life.setClock('2027-01-31T15:00:01Z');
    const open = await life.inspectionBecomes(BRN, 'ANNUAL', 'OPEN');
    const own = await api.get(`/v1/inspections/${open.inspectionId}`, { as: as.reseller(BRN) });
    expect(own.status).toBe(200);
    expect(
      (await api.get(`/v1/inspections/${open.inspectionId}`, { as: as.reseller('1248100998') })).status,
    ).toBe(404);
    await eventually(async () => {
      expect((await life.notificationsOf(BRN)).map((n) => n.kind)).toContain('INSPECTION_REMINDER');
    });
  });

  it('PASS moves the next due date to inspectedAt + 12 months and gives the certificate a new revision', async () => {
    const open = await life.inspectionBecomes(BRN, 'ANNUAL', 'OPEN');
    const assigned = await api.put(`/v1/inspections/${open.inspectionId}/assignee`, {
      as: as.reviewer(),
      body: { assignee: 'kim.inspector' },
    });
    expect(assigned.status).toBe(200);
    const queue = await api.get('/v1/inspections?assignee=kim.inspector&status=OPEN', { as: as.reviewer() });
    expect(queue.body.items.map((i: { inspectionId: string }) => i.inspectionId)).toEqual([
      open.inspectionId,
    ]);
    const res = await api.post(`/v1/inspections/${open.inspectionId}/result`, {
      as: as.reviewer(),
      body: { result: 'PASS', inspectedAt: '2027-01-31T15:00:00Z' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('PASSED');
    const again = await api.post(`/v1/inspections/${open.inspectionId}/result`, {
      as: as.reviewer(),
      body: { result: 'PASS', inspectedAt: '2027-01-31T15:00:00Z' },
    });
    expect(again.status).toBe(409);
    const profile = await api.get(`/v1/resellers/${BRN}`, { as: as.reseller(BRN) });
    expect(profile.body.certificate).toMatchObject({
      revision: 2,
      nextInspectionDue: '2028-02-01T15:00:00.000Z',
      lastInspectedAt: '2027-01-31T15:00:00.000Z',
    });
    expect(profile.body.eligibility.status).toBe('CERTIFIED');
  });

  it('accepts a material change report and gives the certificate its next revision', async () => {
    const res = await api.post(`/v1/resellers/${BRN}/change-reports`, {
      as: as.reseller(BRN),
      body: {
        changedAt: '2027-01-25T00:00:00Z',
        changes: { bankAccount: { bank: 'Shinhan', number: '110-222-333444' } },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'UNDER_REVIEW', late: false });
    const reviewed = await api.post(`/v1/change-reports/${res.body.changeReportId}/review`, {
      as: as.reviewer(),
      body: { decision: 'ACCEPT', comment: 'bank statement seen' },
    });
    expect(reviewed.body.status).toBe('ACCEPTED');
    const profile = await api.get(`/v1/resellers/${BRN}`, { as: as.reseller(BRN) });
    expect(profile.body.certificate.revision).toBe(3);
    const list = await api.get(`/v1/resellers/${BRN}/change-reports`, { as: as.reseller(BRN) });
    expect(list.body.items.map((c: { status: string }) => c.status)).toEqual(['ACCEPTED']);
  });

  it('reminds the reseller 90, 30 and 7 days before validUntil', async () => {
    await life.setClock('2028-02-24T15:00:01Z');
    await eventually(async () => {
      const reminders = (await life.notificationsOf(BRN)).filter((n) => n.kind === 'RENEWAL_REMINDER');
      expect(reminders.map((n) => n.detail.daysBefore).sort()).toEqual([30, 7, 90].sort());
    });
  });

  it('approves a renewal before validUntil: a new certificate from validUntil, and no gap at that instant', async () => {
    const renewal = await life.certify(BRN, 'RENEWAL');
    expect(renewal.kind).toBe('RENEWAL');
    expect(renewal.certificateId).not.toBe(certificateId);
    const profile = await api.get(`/v1/resellers/${BRN}`, { as: as.reseller(BRN) });
    // Approved ahead: the old certificate stays in force until validUntil, the renewal waits.
    expect(profile.body.certificate.certificateId).toBe(certificateId);
    expect(profile.body.nextCertificate).toEqual({
      certificateId: renewal.certificateId,
      validFrom: '2028-03-02T15:00:00.000Z',
      validUntil: '2030-03-02T15:00:00.000Z',
    });
    const ahead = await api.get(`/v1/resellers/${BRN}/eligibility`, { as: as.relay() });
    expect(ahead.body).toMatchObject({ status: 'CERTIFIED', certificateId });
    await life.setClock('2028-03-02T15:00:05Z');
    await runtime.tick();
    const eligibility = await api.get(`/v1/resellers/${BRN}/eligibility`, { as: as.relay() });
    expect(eligibility.body).toMatchObject({ status: 'CERTIFIED', certificateId: renewal.certificateId });
    await eventually(async () => {
      const switched = await api.get(`/v1/resellers/${BRN}`, { as: as.reseller(BRN) });
      expect(switched.body.certificate).toMatchObject({
        certificateId: renewal.certificateId,
        revision: 1,
        validUntil: '2030-03-02T15:00:00.000Z',
      });
      expect(switched.body.nextCertificate).toBeNull();
    });
    expect((await life.feedFor(BRN)).map((c) => c.status)).toEqual(['CERTIFIED']);
    for (const r of life.receivers)
      expect(r.received.filter((n) => n.body.brn === BRN && n.body.type === 'reseller.expired')).toEqual([]);
    const audit = await api.get(`/v1/audit?entity=reseller%23${BRN}`, { as: as.regulator() });
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['CERTIFICATE_ISSUED', 'CERTIFICATE_REVISED', 'CERTIFICATE_RENEWED']),
    );
  });
});

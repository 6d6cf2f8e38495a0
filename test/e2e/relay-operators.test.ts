import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { eventually } from '../support/eventually.js';
import { applicationBody, resellerFixture } from '../support/fixtures.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';
import { spamReport } from '../support/spam-fixtures.js';

/**
 * Relay operators are the registry's settings, not a fixed list: one an admin adds is accepted in
 * applications and imports, receives every notice and appears in the monthly statistics.
 */
const NEW_RELAY = 'sejongtel';
const FIRST = '2208162517';
const SECOND = '1010101013';
let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  // Two certified resellers, stored directly (the review workflow is tested elsewhere).
  const { coreDeps } = await import('../../shared/adapters/deps.js');
  const now = Date.now();
  const at = new Date(now).toISOString();
  for (const brn of [FIRST, SECOND]) {
    const certified = resellerFixture(brn, {
      existing: false,
      status: 'CERTIFIED',
      reason: 'certificate active',
      certificate: {
        certificateId: `C-2026-${brn.slice(-6)}`,
        applicationId: `app_${brn}`,
        issuedAt: at,
        validUntil: new Date(now + 700 * 86_400_000).toISOString(),
        nextInspectionDue: new Date(now + 300 * 86_400_000).toISOString(),
      },
      effectiveAt: at,
      createdAt: at,
      updatedAt: at,
    });
    await coreDeps().registry.commit({ reseller: { before: undefined, after: certified }, audit: [] });
  }
});
afterAll(() => runtime?.stop());

const suspend = (brn: string) =>
  api.post(`/v1/resellers/${brn}/sanctions`, {
    as: as.reviewer(),
    body: { type: 'SUSPENSION', reason: 'inspection failed: 3.4' },
  });

describe('a relay operator an admin adds', () => {
  it('is created by PUT with its name and listed', async () => {
    // A change before the relay joins, so any relay list the registry keeps is already loaded.
    expect((await suspend(FIRST)).status).toBe(201);
    const res = await api.put(`/v1/relay-operators/${NEW_RELAY}`, {
      as: as.admin(),
      body: { name: 'Sejong Telecom', webhookUrl: null },
    });
    expect(res.status).toBe(201);
    const list = await api.get('/v1/relay-operators', { as: as.reviewer() });
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ relayId: NEW_RELAY, name: 'Sejong Telecom' }),
    );
  });

  it('is accepted in applications; an unknown relay is still a 400 naming the field', async () => {
    const brn = '6200000008';
    const ok = await api.post('/v1/applications', {
      as: as.reseller(brn),
      body: applicationBody(brn, { relayOperatorIds: ['kt', NEW_RELAY] }),
    });
    expect(ok.status).toBe(201);
    const bad = await api.post('/v1/applications', {
      as: as.reseller('0000000015'),
      body: applicationBody('0000000015', { relayOperatorIds: ['nosuchrelay'] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'body.relayOperatorIds[0]', message: expect.any(String) }]);
  });

  it('is accepted in the existing-reseller import', async () => {
    const res = await api.post('/v1/admin/existing-resellers', {
      as: as.admin(),
      body: [
        {
          brn: '1234567891',
          companyName: 'Old Two',
          registeredAt: '2021-05-01T00:00:00Z',
          relayOperatorIds: [NEW_RELAY],
        },
        {
          brn: '7000000003',
          companyName: 'Unknown',
          registeredAt: '2021-05-01T00:00:00Z',
          relayOperatorIds: ['nosuchrelay'],
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ outcome: 'CREATED' });
    expect(res.body.results[1]).toMatchObject({
      outcome: 'REJECTED',
      errors: [{ path: 'relayOperatorIds[0]' }],
    });
  });

  it('receives a notice of every change from then on', async () => {
    const res = await suspend(SECOND);
    expect(res.status).toBe(201);
    const notices = await api.get(`/v1/sanctions/${res.body.sanctionId}/notices`, { as: as.reviewer() });
    expect(notices.status).toBe(200);
    expect(notices.body.items.map((n: { relayId: string }) => n.relayId)).toContain(NEW_RELAY);
    expect(notices.body.items).toHaveLength(11);
  });

  it('appears in the monthly statistics by relay', async () => {
    const sent = await api.post('/v1/spam-reports', {
      as: as.monitor(),
      body: {
        reports: [
          spamReport(1, {
            reportId: 'KISA-RELAY-0001',
            relayId: NEW_RELAY,
            firstSenderCode: undefined,
            receivedAt: new Date().toISOString(),
          }),
        ],
      },
    });
    expect(sent.status).toBe(202);
    await eventually(async () => {
      const stats = await api.get('/v1/statistics/monthly', { as: as.regulator() });
      expect(stats.body.reportsByRelay).toContainEqual({ relayId: NEW_RELAY, reports: 1 });
    });
  });
});

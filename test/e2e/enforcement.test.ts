import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RelayReceiver, relayReceiver } from '../../infra/local/relay-receivers.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import { eventually } from '../support/eventually.js';
import { applicationBody } from '../support/fixtures.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';
import { spamReports } from '../support/spam-fixtures.js';

/**
 * Reports in → case → confirmed → suspension → every relay notified with a verifiable signature,
 * then the suspension ends and every relay hears of the reinstatement: all through HTTP.
 */
const brn = '6400000002';
const DOWN = 'skb'; // refuses connections until it comes back
const secretsDir = mkdtempSync(join(tmpdir(), 'e2e-enforcement-secrets-'));
process.env.LOCAL_SECRETS_DIR = secretsDir;

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
const receivers = new Map<string, RelayReceiver>();

async function statusBecomes(id: string, status: string) {
  return eventually(async () => {
    const res = await api.get(`/v1/applications/${id}`, { as: as.reseller(brn) });
    expect(res.body.status).toBe(status);
  });
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  await api.post('/_local/clock', { as: as.admin(), body: { set: '2026-03-02T00:00:00Z' } });
  for (const { relayId } of seedRelayOperators) {
    const r = await relayReceiver(relayId, relayId !== DOWN);
    receivers.set(relayId, r);
    const res = await api.put(`/v1/relay-operators/${relayId}`, {
      as: as.admin(),
      body: { name: relayId.toUpperCase(), webhookUrl: r.url, signingSecret: r.secret },
    });
    expect(res.status).toBeLessThan(300);
  }
  // A certified reseller, through the real review.
  const id = (await api.post('/v1/applications', { as: as.reseller(brn), body: applicationBody(brn) })).body
    .applicationId;
  await statusBecomes(id, 'DOCUMENT_REVIEW');
  await api.post(`/v1/applications/${id}/review`, { as: as.reviewer(), body: { decision: 'PASS' } });
  await statusBecomes(id, 'INSPECTION');
  await api.post(`/v1/applications/${id}/inspection`, {
    as: as.reviewer(),
    body: { result: 'PASS', inspectedAt: '2026-03-01T00:00:00Z' },
  });
  await statusBecomes(id, 'COMMITTEE_REVIEW');
  await api.post(`/v1/applications/${id}/decision`, { as: as.committee(), body: { decision: 'APPROVE' } });
  await statusBecomes(id, 'APPROVED');
  await api.put(`/v1/resellers/${brn}/first-sender-codes`, {
    as: as.reseller(brn),
    body: { codes: ['FSPOPUP9'] },
  });
});

afterAll(async () => {
  for (const r of receivers.values()) await r.stop();
  await runtime?.stop();
  rmSync(secretsDir, { recursive: true, force: true });
});

const suspendedNotices = () =>
  [...receivers.values()].flatMap((r) =>
    r.received.filter((n) => n.body.type === 'reseller.suspended').map((n) => ({ relay: r.relayId, ...n })),
  );

describe('from spam reports to a suspension every relay hears of', () => {
  let caseId: string;
  let sanctionId: string;

  it('opens a case when malicious reports cross the threshold', async () => {
    const reports = spamReports(25, (i) => ({
      reportId: `TRAP-E2E-${i}`,
      source: 'KISA_TRAP',
      firstSenderCode: 'FSPOPUP9',
      receivedAt: '2026-03-01T23:00:00.000Z',
      category: i % 2 ? 'PHISHING' : 'LOAN',
    }));
    const res = await api.post('/v1/spam-reports', { as: as.monitor(), body: { reports } });
    expect(res.body).toMatchObject({ accepted: 25, rejected: [] });
    const opened = await eventually(async () => {
      const cases = await api.get(`/v1/cases?brn=${brn}&status=OPEN`, { as: as.reviewer() });
      expect(cases.body.items).toHaveLength(1);
      return cases.body.items[0];
    });
    expect(opened.evidence).toMatchObject({ reports: 25, malicious: 25 });
    caseId = opened.caseId;
  });

  it('suspends the reseller on confirmation and delivers a verified notice to every relay that is up', async () => {
    const decidedAt = Date.now();
    const res = await api.post(`/v1/cases/${caseId}/decision`, {
      as: as.reviewer(),
      body: {
        decision: 'CONFIRM',
        sanction: { type: 'SUSPENSION', until: '2026-04-01T00:00:00Z' },
        comment: 'confirmed phishing and loan spam from spam traps',
      },
    });
    expect(res.status).toBe(200);
    const eligibility = await api.get(`/v1/resellers/${brn}/eligibility`, { as: as.relay() });
    expect(eligibility.body).toMatchObject({ status: 'SUSPENDED', allowed: false, sanction: { caseId } });
    sanctionId = eligibility.body.sanction.sanctionId;

    await eventually(async () => expect(suspendedNotices()).toHaveLength(9));
    const latency = Math.max(...suspendedNotices().map((n) => n.at)) - decidedAt;
    console.info(`sanction → 9 relays verified in ${latency} ms`);
    for (const n of suspendedNotices()) {
      expect(n.body).toMatchObject({ brn, status: 'SUSPENDED', until: '2026-04-01T00:00:00.000Z' });
    }
    expect([...receivers.values()].every((r) => r.rejected === 0)).toBe(true);
  });

  it('delivers to the relay that was down once it is back, exactly once', async () => {
    await receivers.get(DOWN)!.start();
    await eventually(async () => expect(suspendedNotices()).toHaveLength(10));
    const notices = await api.get(`/v1/sanctions/${sanctionId}/notices`, { as: as.regulator() });
    expect(notices.body.items.filter((n: { delivery: string }) => n.delivery === 'DELIVERED')).toHaveLength(
      10,
    );
    for (const n of suspendedNotices()) expect(receivers.get(n.relay)!.count(n.id)).toBe(1);
  });

  it('lets a relay acknowledge its own notice but not another relay’s', async () => {
    const mine = suspendedNotices().find((n) => n.relay === 'kt')!;
    const theirs = suspendedNotices().find((n) => n.relay === 'daou')!;
    expect((await api.post(`/v1/notices/${mine.id}/ack`, { as: as.relay('kt'), body: {} })).status).toBe(200);
    expect((await api.post(`/v1/notices/${theirs.id}/ack`, { as: as.relay('kt'), body: {} })).status).toBe(
      404,
    );
  });

  it('reinstates the reseller when the suspension ends and tells every relay', async () => {
    await api.post('/_local/clock', { as: as.admin(), body: { set: '2026-04-01T15:00:10Z' } }); // past 00:00 KST
    await eventually(async () => {
      const reinstated = [...receivers.values()].filter((r) =>
        r.received.some((n) => n.body.type === 'reseller.reinstated'),
      );
      expect(reinstated).toHaveLength(10);
    });
    const eligibility = await api.get(`/v1/resellers/${brn}/eligibility`, { as: as.relay() });
    expect(eligibility.body).toMatchObject({ status: 'CERTIFIED', allowed: true, sanction: null });
  });
});

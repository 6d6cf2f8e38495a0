import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RelayReceiver, relayReceiver } from '../../infra/local/relay-receivers.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import type { Reseller } from '../../shared/domain/resellers/eligibility.js';
import { eventually } from '../support/eventually.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';

/**
 * Time-driven changes through the whole local system: the business clock passes an instant, the
 * reseller's one-time trigger fires, the change is committed dated at its instant, and every relay
 * receives a signed notice it verifies with a Standard Webhooks library.
 */
const CERTIFIED = '2208162517';
const EXISTING = '1248100998';
const GRACE_THROTTLED = '1010101013';
const secretsDir = mkdtempSync(join(tmpdir(), 'e2e-time-secrets-'));
process.env.LOCAL_SECRETS_DIR = secretsDir;

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
const receivers: RelayReceiver[] = [];

const setClock = (iso: string) => api.post('/_local/clock', { as: as.admin(), body: { set: iso } });

/** Waits until the reseller's trigger is planned at `at` (the planner reads the table's stream). */
async function triggerPlanned(brn: string, at: string) {
  await eventually(async () => {
    const planned = runtime.instantTriggers.pending().find((s) => s.name === `reseller-${brn}`);
    expect(planned?.at.toISOString()).toBe(at);
  });
}

/**
 * Every relay holds one verified notice of `type` for `brn` dated `effectiveAt` (an instant), or
 * within the second it names (an operator's decision, timed by the running business clock).
 */
async function everyRelayHolds(brn: string, type: string, effectiveAt: string) {
  await eventually(async () => {
    for (const r of receivers) {
      const mine = r.received.filter((n) => n.body.brn === brn && n.body.type === type);
      expect(mine, r.relayId).toHaveLength(1);
      expect(String(mine[0]!.body.effectiveAt).slice(0, effectiveAt.length)).toBe(effectiveAt);
    }
  });
}

async function feedFor(brn: string) {
  const feed = await api.get('/v1/registry/changes?limit=1000', { as: as.relay() });
  return feed.body.changes.filter((c: { brn: string }) => c.brn === brn);
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  for (const relay of seedRelayOperators) {
    const receiver = await relayReceiver(relay.relayId);
    receivers.push(receiver);
    const res = await api.put(`/v1/relay-operators/${relay.relayId}`, {
      as: as.admin(),
      body: { name: relay.name, webhookUrl: receiver.url, signingSecret: receiver.secret },
    });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await runtime?.stop();
  await Promise.all(receivers.map((r) => r.stop()));
  rmSync(secretsDir, { recursive: true, force: true });
});

describe('a suspension that ends mid-day (14:00 KST)', () => {
  const until = '2026-03-02T05:00:00.000Z';

  it('is announced at its instant: feed dated at the end, reinstated at every relay, fresh snapshot', async () => {
    await setClock('2026-03-01T00:00:00Z');
    const { coreDeps } = await import('../../shared/adapters/deps.js');
    const at = '2026-03-01T00:00:00.000Z';
    const reseller: Reseller = {
      brn: CERTIFIED,
      companyName: 'Example Messaging',
      existing: false,
      relayOperatorIds: ['kt'],
      certificate: {
        certificateId: 'C-2026-000042',
        applicationId: 'app_e2e',
        issuedAt: at,
        validUntil: '2026-03-10T15:00:00.000Z',
        nextInspectionDue: '2026-03-09T15:00:00.000Z',
      },
      status: 'CERTIFIED',
      throttle: null,
      reason: 'certificate C-2026-000042 active',
      version: 1,
      effectiveAt: at,
      revision: 1,
      createdAt: at,
      updatedAt: at,
    };
    await coreDeps().registry.commit({ reseller: { before: undefined, after: reseller }, audit: [] });
    const suspend = await api.post(`/v1/resellers/${CERTIFIED}/sanctions`, {
      as: as.reviewer(),
      body: { type: 'SUSPENSION', reason: 'confirmed gambling spam', until },
    });
    expect(suspend.status).toBe(201);
    await everyRelayHolds(CERTIFIED, 'reseller.suspended', '2026-03-01T00:00:0');
    expect(receivers[0]!.received.find((n) => n.body.type === 'reseller.suspended')?.body.until).toBe(until);
    await triggerPlanned(CERTIFIED, until);
    const mirror = await api.get('/v1/registry', { as: as.relay() });
    const etag = mirror.headers.get('etag') ?? '';

    await setClock('2026-03-02T05:00:01Z');
    // A mirror revalidating right after the instant gets the new truth, never a 304.
    const revalidated = await api.get('/v1/registry', { as: as.relay(), headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(200);
    expect(revalidated.body.items.find((i: { brn: string }) => i.brn === CERTIFIED).status).toBe('CERTIFIED');

    await everyRelayHolds(CERTIFIED, 'reseller.reinstated', until);
    const mine = await feedFor(CERTIFIED);
    expect(mine.at(-1)).toMatchObject({ status: 'CERTIFIED', effectiveAt: until });
    // Exactly one feed entry for the end, however often the sweep or the trigger runs again.
    await runtime.tick();
    expect(
      (await feedFor(CERTIFIED)).filter((c: { effectiveAt: string }) => c.effectiveAt === until),
    ).toHaveLength(1);
  });

  it('lapses the certificate at validUntil: reseller.expired at every relay, dated at the instant', async () => {
    await triggerPlanned(CERTIFIED, '2026-03-09T15:00:00.000Z'); // the inspection due date comes first
    await setClock('2026-03-10T15:00:02Z');
    await everyRelayHolds(CERTIFIED, 'reseller.expired', '2026-03-10T15:00:00.000Z');
    expect((await feedFor(CERTIFIED)).at(-1)).toMatchObject({
      status: 'EXPIRED',
      effectiveAt: '2026-03-10T15:00:00.000Z',
    });
  });
});

describe('an existing reseller through the deadline and the extension end', () => {
  it('is imported as reseller.grace, never reseller.certified', async () => {
    await setClock('2024-11-20T00:00:00Z');
    const res = await api.post('/v1/admin/existing-resellers', {
      as: as.admin(),
      body: [
        { brn: EXISTING, companyName: 'Old Co', registeredAt: '2019-03-01T00:00:00Z' },
        { brn: GRACE_THROTTLED, companyName: 'Sanctioned Old Co', registeredAt: '2019-03-01T00:00:00Z' },
      ],
    });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['GRACE', 'GRACE']);
    await everyRelayHolds(EXISTING, 'reseller.grace', '2024-11-20T00:00:0');
    expect(
      receivers.some((r) =>
        r.received.some((n) => n.body.brn === EXISTING && n.body.type === 'reseller.certified'),
      ),
    ).toBe(false);
  });

  it('gives THROTTLED with the sanction’s percentages when a throttle is imposed in GRACE', async () => {
    const res = await api.post(`/v1/resellers/${GRACE_THROTTLED}/sanctions`, {
      as: as.reviewer(),
      body: {
        type: 'THROTTLE',
        reason: 'spam burst',
        speedPercent: 30,
        volumePercent: 70,
        until: '2025-02-01T00:00:00Z',
      },
    });
    expect(res.status).toBe(201);
    const eligibility = await api.get(`/v1/resellers/${GRACE_THROTTLED}/eligibility`, { as: as.relay() });
    expect(eligibility.body).toMatchObject({
      status: 'THROTTLED',
      allowed: true,
      throttle: { speedPercent: 30, volumePercent: 70 },
    });
  });

  it('throttles at the deadline and blocks at the extension end, each dated at its instant', async () => {
    await triggerPlanned(EXISTING, '2024-11-30T15:00:00.000Z');
    await setClock('2024-11-30T15:00:01Z');
    await everyRelayHolds(EXISTING, 'reseller.throttled', '2024-11-30T15:00:00.000Z');
    // The stricter value of each percentage wins when the extension's 50/50 meets the sanction's 30/70.
    const both = await api.get(`/v1/resellers/${GRACE_THROTTLED}/eligibility`, { as: as.relay() });
    expect(both.body).toMatchObject({
      status: 'THROTTLED',
      throttle: { speedPercent: 30, volumePercent: 50 },
    });
    await triggerPlanned(EXISTING, '2024-12-31T15:00:00.000Z');
    await setClock('2024-12-31T15:00:01Z');
    await everyRelayHolds(EXISTING, 'reseller.blocked', '2024-12-31T15:00:00.000Z');
    expect((await feedFor(EXISTING)).map((c: { status: string }) => c.status)).toEqual([
      'GRACE',
      'THROTTLED',
      'UNCERTIFIED',
    ]);
  });
});

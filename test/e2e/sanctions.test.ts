import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import type { Reseller } from '../../shared/domain/resellers/eligibility.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';

/**
 * Sanctions, notices and relay settings over real HTTP with real JWTs. (Delivery itself, through
 * the stream and the fan-out queue, is test/functions/deliver-notice/ten-relays.test.ts.)
 */
const BRN = '2208162517';
const secretsDir = mkdtempSync(join(tmpdir(), 'e2e-relay-secrets-'));
process.env.LOCAL_SECRETS_DIR = secretsDir;
let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  // A certified reseller, stored directly (the review workflow is tested elsewhere).
  const { coreDeps } = await import('../../shared/adapters/deps.js');
  const now = Date.now();
  const at = new Date(now).toISOString();
  const reseller: Reseller = {
    brn: BRN,
    companyName: 'Example Messaging',
    existing: false,
    relayOperatorIds: ['kt'],
    certificate: {
      certificateId: 'C-2026-000042',
      applicationId: 'app_e2e',
      issuedAt: at,
      validUntil: new Date(now + 700 * 86_400_000).toISOString(),
      nextInspectionDue: new Date(now + 300 * 86_400_000).toISOString(),
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
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(secretsDir, { recursive: true, force: true });
});

describe('relay settings', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;

  it('takes a webhook URL and a write-only secret from an admin; admins then see the URL, nobody the secret', async () => {
    const res = await api.put('/v1/relay-operators/kt', {
      as: as.admin(),
      body: { name: 'KT', webhookUrl: 'http://127.0.0.1:9/notices', signingSecret: secret },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      relayId: 'kt',
      name: 'KT',
      webhookUrl: 'http://127.0.0.1:9/notices',
      signingSecretConfigured: true,
    });
    const list = await api.get('/v1/relay-operators', { as: as.admin() });
    expect(list.body.items.find((r: { relayId: string }) => r.relayId === 'kt')).toEqual({
      relayId: 'kt',
      name: 'KT',
      webhookUrl: 'http://127.0.0.1:9/notices',
    });
    expect(list.text).not.toContain('whsec_');
    expect((await api.get('/v1/relay-operators', { as: as.relay('kt') })).text).not.toContain('127.0.0.1');
  });

  it('answers 400 naming the field for a non-local http URL or a malformed secret, 403 to non-admins', async () => {
    const url = await api.put('/v1/relay-operators/kt', {
      as: as.admin(),
      body: { name: 'KT', webhookUrl: 'http://relay.example/n' },
    });
    expect(url.status).toBe(400);
    expect(url.body.errors).toEqual([{ path: 'body.webhookUrl', message: expect.any(String) }]);
    const secret = await api.put('/v1/relay-operators/kt', {
      as: as.admin(),
      body: { name: 'KT', webhookUrl: 'https://relay.example/n', signingSecret: 'whsec_abc' },
    });
    expect(secret.status).toBe(400);
    expect(secret.body.errors).toEqual([{ path: 'body.signingSecret', message: expect.any(String) }]);
    expect(secret.text).not.toContain('whsec_abc');
    const relay = await api.put('/v1/relay-operators/kt', {
      as: as.relay('kt'),
      body: { name: 'KT', webhookUrl: null },
    });
    expect(relay.status).toBe(403);
  });
});

describe('a sanction over HTTP', () => {
  let sanctionId: string;

  it('suspends at once: the eligibility relays read says SUSPENDED with the sanction', async () => {
    const res = await api.post(`/v1/resellers/${BRN}/sanctions`, {
      as: as.reviewer(),
      body: { type: 'SUSPENSION', reason: 'inspection failed: 3.4' },
      headers: { 'idempotency-key': 'e2e-suspend-0001' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'SUSPENSION', state: 'IN_FORCE' });
    sanctionId = res.body.sanctionId;
    // A retry with the same key answers the first result, imposing nothing twice.
    const retry = await api.post(`/v1/resellers/${BRN}/sanctions`, {
      as: as.reviewer(),
      body: { type: 'SUSPENSION', reason: 'inspection failed: 3.4' },
      headers: { 'idempotency-key': 'e2e-suspend-0001' },
    });
    expect(retry.body.sanctionId).toBe(sanctionId);
    const eligibility = await api.get(`/v1/resellers/${BRN}/eligibility`, { as: as.relay('skb') });
    expect(eligibility.body).toMatchObject({
      allowed: false,
      status: 'SUSPENDED',
      sanction: { sanctionId, type: 'SUSPENSION' },
      version: 2,
    });
  });

  it('shows the notices to staff, one per relay, and lets a relay acknowledge only its own', async () => {
    const res = await api.get(`/v1/sanctions/${sanctionId}/notices`, { as: as.regulator() });
    expect(res.status).toBe(200);
    expect(res.body.summary.total).toBe(10);
    const kt = res.body.items.find((n: { relayId: string }) => n.relayId === 'kt');
    expect((await api.post(`/v1/notices/${kt.noticeId}/ack`, { as: as.relay('kt') })).status).toBe(200);
    expect((await api.post(`/v1/notices/${kt.noticeId}/ack`, { as: as.relay('skb') })).status).toBe(404);
  });

  it('lists the reseller’s sanctions to the owner, and not to another reseller', async () => {
    const own = await api.get(`/v1/resellers/${BRN}/sanctions`, { as: as.reseller(BRN) });
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([expect.objectContaining({ sanctionId, state: 'IN_FORCE' })]);
    expect((await api.get(`/v1/resellers/${BRN}/sanctions`, { as: as.reseller('1248100998') })).status).toBe(
      404,
    );
  });

  it('lifts it: CERTIFIED again, and a second lift is 409', async () => {
    const res = await api.post(`/v1/sanctions/${sanctionId}/lift`, {
      as: as.committee(),
      body: { reason: 'remediated' },
    });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('LIFTED');
    const eligibility = await api.get(`/v1/resellers/${BRN}/eligibility`, { as: as.relay('kt') });
    expect(eligibility.body).toMatchObject({ allowed: true, status: 'CERTIFIED', version: 3 });
    const again = await api.post(`/v1/sanctions/${sanctionId}/lift`, {
      as: as.committee(),
      body: { reason: 'again' },
    });
    expect(again.status).toBe(409);
  });

  it('answers 404 for a decision on an unknown case and 403 to a reviewer revoking', async () => {
    const body = { decision: 'CONFIRM', comment: 'x' };
    expect((await api.post('/v1/cases/case_unknown/decision', { as: as.reviewer(), body })).status).toBe(404);
    const revoke = await api.post(`/v1/resellers/${BRN}/sanctions`, {
      as: as.reviewer(),
      body: { type: 'REVOCATION', reason: 'r' },
    });
    expect(revoke.status).toBe(403);
  });
});

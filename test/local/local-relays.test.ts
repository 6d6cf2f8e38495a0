import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiverLogLine } from '../../infra/local/relay-receivers.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import { eventually } from '../support/eventually.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';

/**
 * `npm start`'s relays: a verifying receiver per seeded relay, configured as its webhook at start,
 * so a change committed on a fresh start reaches every relay instead of ending FAILED (NO_WEBHOOK).
 */
const secretsDir = mkdtempSync(join(tmpdir(), 'local-relays-secrets-'));
process.env.LOCAL_SECRETS_DIR = secretsDir;
const EXISTING = '1248100998';

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
const lines: ReceiverLogLine[] = [];

beforeAll(async () => {
  runtime = await startTestRuntime({ relays: true, relayLog: (line) => lines.push(line) });
  api = client(runtime);
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(secretsDir, { recursive: true, force: true });
});

describe('the local relays (relays on)', () => {
  it('runs one receiver per seeded relay and points that relay’s webhook at it', async () => {
    expect(runtime.relays.map((r) => r.relayId)).toEqual(seedRelayOperators.map((r) => r.relayId));
    const listed = await api.get('/v1/relay-operators', { as: as.admin() });
    expect(listed.status).toBe(200);
    for (const receiver of runtime.relays) {
      expect(listed.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ relayId: receiver.relayId, webhookUrl: receiver.url }),
        ]),
      );
    }
  });

  it('delivers a committed change to every receiver, which verifies it and logs one line without personal data', async () => {
    await api.post('/_local/clock', { as: as.admin(), body: { set: '2024-07-01T00:00:00Z' } });
    const imported = await api.post('/v1/admin/existing-resellers', {
      as: as.admin(),
      body: [{ brn: EXISTING, companyName: 'Hong Gildong Messaging', registeredAt: '2020-01-01T00:00:00Z' }],
    });
    expect(imported.status).toBe(200);
    await eventually(async () => {
      for (const receiver of runtime.relays) {
        const mine = receiver.received.filter((n) => n.body.brn === EXISTING);
        expect(mine, receiver.relayId).toHaveLength(1);
        expect(mine[0]!.body).toMatchObject({ type: 'reseller.grace', status: 'GRACE' });
      }
    });
    expect(runtime.relays.reduce((n, r) => n + r.rejected, 0)).toBe(0);
    const verified = lines.filter((l) => l.msg === 'relay notice verified' && l.brn === EXISTING);
    expect(verified.map((l) => l.relayId).sort()).toEqual(seedRelayOperators.map((r) => r.relayId).sort());
    for (const line of verified) {
      const receiver = runtime.relays.find((r) => r.relayId === line.relayId)!;
      expect(line).toEqual({
        level: 'INFO',
        msg: 'relay notice verified',
        relayId: receiver.relayId,
        type: 'reseller.grace',
        brn: EXISTING,
        status: 'GRACE',
        noticeId: receiver.received.find((n) => n.body.brn === EXISTING)!.body.noticeId,
      });
    }
    expect(JSON.stringify(lines)).not.toContain('Hong Gildong');
  });
});

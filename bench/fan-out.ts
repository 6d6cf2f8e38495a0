import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import type { LocalTokenClaims } from '../infra/local/keys.js';
import { type RelayReceiver, relayReceiver } from '../infra/local/relay-receivers.js';
import { brnCheckDigit } from '../shared/domain/core/brn.js';
import { seedRelayOperators } from '../shared/domain/notices/relay-operators.js';
import { type LocalSystem, startLocalSystem } from './local-system.js';
import { fmt, median, table } from './support.js';

/**
 * Sanction fan-out (bar: every relay within 5 s): from `POST /v1/resellers/{brn}/sanctions` to the moment the
 * tenth relay receiver has verified (Standard Webhooks) its `reseller.suspended` notice, through
 * the whole local system as `npm start` runs it (gateway → transaction with outbox notices →
 * table stream → fan-out queue → deliver-notice → signed POST). Baseline in the same run: this
 * process signing one notice per receiver with the standardwebhooks library and POSTing it to the
 * same ten receivers at once.
 */
const RUNS = 7;
const WARMUP = 1;
const BAR_MS = 5_000;
const WAIT_MS = 30_000;
/** Business time inside the existing resellers' grace period (policy: deadline 2024-11-30 KST). */
const BUSINESS_TIME = '2024-07-01T00:00:00Z';
const SUSPENDED_UNTIL = '2024-10-01T00:00:00Z';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function brn(i: number): string {
  const nine = String(640_000_000 + i);
  return `${nine}${brnCheckDigit(nine)}`;
}

type Notice = RelayReceiver['received'][number];

/** Resolves with the notices once every receiver holds one matching `match`; rejects after WAIT_MS. */
export async function allReceived(
  receivers: RelayReceiver[],
  match: (n: Notice) => boolean,
): Promise<Notice[]> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = receivers.map((r) => r.received.find(match));
    if (found.every((n) => n !== undefined)) return found as Notice[];
    if (Date.now() > deadline) {
      const missing = receivers.filter((_, i) => !found[i]).map((r) => r.relayId);
      throw new Error(`no verified notice at ${missing.join(', ')} within ${WAIT_MS} ms`);
    }
    await sleep(2);
  }
}

export function api(system: LocalSystem) {
  const tokens = new Map<string, string>();
  return async (method: string, path: string, as: LocalTokenClaims, body?: unknown) => {
    const key = JSON.stringify(as);
    if (!tokens.has(key)) tokens.set(key, await system.token(as));
    const res = await fetch(`${system.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(key)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** The registry: sanction a reseller, time until all ten receivers verified its notice. */
async function viaRegistry(
  call: ReturnType<typeof api>,
  receivers: RelayReceiver[],
  target: string,
): Promise<number> {
  const started = Date.now();
  const sanction = await call(
    'POST',
    `/v1/resellers/${target}/sanctions`,
    { role: 'reviewer' },
    {
      type: 'SUSPENSION',
      until: SUSPENDED_UNTIL,
      reason: 'benchmark: fan-out latency',
    },
  );
  const notices = await allReceived(
    receivers,
    (n) =>
      n.body.type === 'reseller.suspended' &&
      n.body.brn === target &&
      n.body.sanctionId === sanction.sanctionId,
  );
  return Math.max(...notices.map((n) => n.at)) - started;
}

/** The baseline: one signed POST per receiver straight from this process, all at once. */
export async function direct(receivers: RelayReceiver[], run: number): Promise<number> {
  const id = `msg_bench_${run}_${randomBytes(6).toString('hex')}`;
  const started = Date.now();
  const body = JSON.stringify({ type: 'bench.direct', noticeId: id, at: new Date(started).toISOString() });
  await Promise.all(
    receivers.map(async (r) => {
      const timestamp = new Date();
      const res = await fetch(r.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': new Webhook(r.secret).sign(id, timestamp, body),
        },
        body,
      });
      await res.body?.cancel();
      if (res.status !== 204) throw new Error(`receiver ${r.relayId} answered ${res.status}`);
    }),
  );
  const notices = await allReceived(receivers, (n) => n.id === id);
  return Math.max(...notices.map((n) => n.at)) - started;
}

/** Prints a latency part (median, max, runs, ratio to the direct baseline, the 5 s bar) and returns its figures. */
export function latencyTable(title: string, path: string, registry: number[], baseline: number[]) {
  const medianMs = median(registry);
  const maxMs = Math.max(...registry);
  const ratio = medianMs / median(baseline);
  table(
    title,
    ['path', 'median ms', 'max ms', 'runs (ms)', 'ratio', 'bar'],
    [
      [
        'direct: sign + POST to 10 receivers',
        fmt(median(baseline), 0),
        Math.max(...baseline),
        baseline.join(' '),
        '1.00',
        'baseline',
      ],
      [path, fmt(medianMs, 0), maxMs, registry.join(' '), fmt(ratio, 1), maxMs <= BAR_MS ? 'ok' : 'OVER'],
    ],
  );
  return { medianMs, maxMs, ratio };
}

/**
 * The whole local system with ten signature-verifying relay receivers configured as the relays'
 * webhooks; everything is stopped and the temporary relay secrets removed afterwards.
 */
export async function withTenRelays<T>(
  run: (ctx: { call: ReturnType<typeof api>; receivers: RelayReceiver[] }) => Promise<T>,
): Promise<T> {
  const secretsDir = mkdtempSync(join(tmpdir(), 'bench-relay-secrets-'));
  const savedSecretsDir = process.env.LOCAL_SECRETS_DIR;
  // The runtime child inherits this process's environment: its relay secrets go to the temp dir.
  process.env.LOCAL_SECRETS_DIR = secretsDir;
  const receivers: RelayReceiver[] = [];
  let system: LocalSystem | undefined;
  try {
    system = await startLocalSystem();
    const call = api(system);
    for (const { relayId, name } of seedRelayOperators) {
      const r = await relayReceiver(relayId);
      receivers.push(r);
      await call(
        'PUT',
        `/v1/relay-operators/${relayId}`,
        { role: 'admin' },
        { name, webhookUrl: r.url, signingSecret: r.secret },
      );
    }
    return await run({ call, receivers });
  } finally {
    for (const r of receivers) await r.stop();
    await system?.stop();
    if (savedSecretsDir === undefined) delete process.env.LOCAL_SECRETS_DIR;
    else process.env.LOCAL_SECRETS_DIR = savedSecretsDir;
    rmSync(secretsDir, { recursive: true, force: true });
  }
}

export async function benchFanOut(): Promise<{ medianMs: number; maxMs: number; ratio: number }> {
  return withTenRelays(async ({ call, receivers }) => {
    await call('POST', '/_local/clock', { role: 'admin' }, { set: BUSINESS_TIME });
    // One existing reseller (in its grace period) per run to sanction.
    const targets = Array.from({ length: WARMUP + RUNS }, (_, i) => brn(i));
    const imported = await call(
      'POST',
      '/v1/admin/existing-resellers',
      { role: 'admin' },
      targets.map((b, i) => ({
        brn: b,
        companyName: `Bench Reseller ${i}`,
        registeredAt: '2020-01-01T00:00:00Z',
      })),
    );
    const outcomes = (imported.results as { outcome: string }[]).map((r) => r.outcome);
    if (outcomes.some((o) => o !== 'CREATED')) throw new Error(`import: ${outcomes.join(', ')}`);
    // Their announcements fan out too: let that traffic finish before measuring.
    for (const target of targets) await allReceived(receivers, (n) => n.body.brn === target);
    await sleep(500);

    const registry: number[] = [];
    const baseline: number[] = [];
    for (let run = -WARMUP; run < RUNS; run++) {
      const viaApi = await viaRegistry(call, receivers, targets[run + WARMUP]!);
      await sleep(200);
      const bare = await direct(receivers, run);
      await sleep(200);
      if (run < 0) continue;
      registry.push(viaApi);
      baseline.push(bare);
    }
    const rejected = receivers.reduce((n, r) => n + r.rejected, 0);
    if (rejected > 0) throw new Error(`${rejected} deliveries failed verification`);
    const { medianMs, maxMs, ratio } = latencyTable(
      `Sanction fan-out: POST sanction → 10th relay receiver verified its notice (${RUNS} runs; bar: ≤ ${BAR_MS / 1000} s)`,
      'registry: sanction → stream → queue → webhook',
      registry,
      baseline,
    );
    return { medianMs, maxMs, ratio };
  });
}

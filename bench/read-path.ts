import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { freePort, LOCAL_CREDENTIALS, LOCAL_REGION } from '../infra/local/dynamodb-local.js';
import { repoRoot } from '../infra/local/paths.js';
import { brnCheckDigit } from '../shared/domain/core/brn.js';
import type { Reseller } from '../shared/domain/resellers/eligibility.js';
import { startLocalSystem } from './local-system.js';
import { fmt, median, table } from './support.js';

const DURATION_S = 8;
export const ELIGIBILITY_RATIO_BAR = 0.6;
const CONNECTIONS = 32;

async function load(url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function bareServer(body: string) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(repoRoot, 'bench', 'bare-server.mjs')], {
    env: { ...process.env, PORT: String(port), BENCH_BODY: body },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((r) => child.stdout!.once('data', r));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

function brn(i: number): string {
  const nine = String(100_000_000 + i).slice(0, 9);
  return `${nine}${brnCheckDigit(nine)}`;
}

/** 10,000 resellers written straight into the table, as the repository would write them. */
async function seedResellers(endpoint: string, table: string, count: number) {
  const { resellerItem } = await import('../shared/adapters/dynamodb/registry-repository.js');
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
  );
  const at = '2026-01-01T00:00:00.000Z';
  const items = Array.from(
    { length: count },
    (_, i): Reseller => ({
      brn: brn(i),
      companyName: `Reseller ${i}`,
      existing: true,
      relayOperatorIds: ['kt'],
      status: 'UNCERTIFIED',
      throttle: null,
      version: 1,
      reason: 'grace period ended without a certificate',
      effectiveAt: at,
      revision: 1,
      createdAt: at,
      updatedAt: at,
    }),
  );
  for (let i = 0; i < items.length; i += 25) {
    const chunk = items.slice(i, i + 25).map((r) => ({ PutRequest: { Item: resellerItem(r) } }));
    let pending: typeof chunk | undefined = chunk;
    while (pending?.length) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = out.UnprocessedItems?.[table] as typeof chunk | undefined;
    }
  }
  db.destroy();
}

export async function benchReadPath(): Promise<{
  ratio: number;
  snapshotBytes: number;
  snapshotWireBytes: number;
}> {
  const system = await startLocalSystem();
  try {
    const relay = await system.token({ role: 'relay', relayId: 'kt' });
    const auth = { authorization: `Bearer ${relay}` };
    await seedResellers(system.dynamodb.endpoint, `${system.tablePrefix}-registry`, 10_000);
    const target = `${system.url}/v1/resellers/${brn(42)}/eligibility`;
    const sample = await (await fetch(target, { headers: auth })).text();
    const bare = await bareServer(sample);
    // Warm both (JIT, caches), then measure side by side.
    await autocannon({ url: bare.url, connections: 8, duration: 2 });
    await autocannon({ url: target, connections: 8, duration: 2, headers: auth });
    const baseline = await load(bare.url, {});
    const gateway = await load(target, auth);
    bare.stop();
    const ratio = gateway.rps / baseline.rps;
    table(
      `Hot read path: eligibility through the local gateway vs bare node:http (${CONNECTIONS} connections, ${DURATION_S} s)`,
      ['server', 'req/s', 'p99 ms', 'errors', 'ratio', 'bar', 'result'],
      [
        [
          'bare node:http, same JSON',
          fmt(baseline.rps, 0),
          baseline.p99,
          baseline.errors,
          '1.00',
          'baseline',
          '',
        ],
        [
          'gateway → get-eligibility',
          fmt(gateway.rps, 0),
          gateway.p99,
          gateway.errors,
          fmt(ratio, 2),
          `≥ ${ELIGIBILITY_RATIO_BAR}`,
          ratio >= ELIGIBILITY_RATIO_BAR ? 'pass' : 'MISS',
        ],
      ],
    );

    const full: number[] = [];
    const revalidate: number[] = [];
    let plainBytes = 0;
    let wireBytes = 0;
    let gzipMs = 0;
    let etag = '';
    const zipped: number[] = [];
    for (let i = 0; i < 7; i++) {
      let t = performance.now();
      const res = await fetch(`${system.url}/v1/registry`, {
        headers: { ...auth, 'accept-encoding': 'identity' },
      });
      plainBytes = (await res.arrayBuffer()).byteLength;
      full.push(performance.now() - t);
      etag = res.headers.get('etag') ?? '';
      t = performance.now();
      const gz = await fetch(`${system.url}/v1/registry`, {
        headers: { ...auth, 'accept-encoding': 'gzip' },
      });
      if (gz.headers.get('content-encoding') !== 'gzip') throw new Error('the snapshot was not gzipped');
      wireBytes = Number(gz.headers.get('content-length'));
      await gz.arrayBuffer();
      zipped.push(performance.now() - t);
      gzipMs = median(zipped);
      t = performance.now();
      const again = await fetch(`${system.url}/v1/registry`, { headers: { ...auth, 'if-none-match': etag } });
      await again.arrayBuffer();
      if (again.status !== 304) throw new Error(`expected 304, got ${again.status}`);
      revalidate.push(performance.now() - t);
    }
    table(
      'Registry snapshot with 10,000 resellers (median of 7; bytes on the wire)',
      ['request', 'ms', 'bytes', 'ratio'],
      [
        ['full fetch (200), identity', fmt(median(full)), plainBytes, '1.00'],
        ['full fetch (200), Accept-Encoding: gzip', fmt(gzipMs), wireBytes, fmt(wireBytes / plainBytes, 3)],
        [
          'revalidation (If-None-Match → 304)',
          fmt(median(revalidate)),
          0,
          fmt(median(revalidate) / median(full), 3),
        ],
      ],
    );
    return { ratio, snapshotBytes: plainBytes, snapshotWireBytes: wireBytes };
  } finally {
    await system.stop();
  }
}

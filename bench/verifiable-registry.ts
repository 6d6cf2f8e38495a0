import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CompactSign, importJWK, type JWK, jwtVerify } from 'jose';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { createTables } from '../infra/local/tables.js';
import { MemoryTransparencyLogStore } from '../shared/adapters/transparency/memory-log-store.js';
import { brnCheckDigit } from '../shared/domain/core/brn.js';
import { type LogEvent, leafBytes } from '../shared/domain/transparency/leaves.js';
import type { TransparencyLogStore } from '../shared/domain/transparency/log-ports.js';
import { appendToLog } from '../shared/domain/transparency/log-writer.js';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  memoryHasher,
} from '../shared/domain/transparency/merkle.js';
import { tilesFor } from '../shared/domain/transparency/tiles.js';
import { fakeNoteSigner, RecordingPublisher } from '../test/support/fakes-verifiable.js';
import { startLocalSystem } from './local-system.js';
import { fmt, kb, median, table } from './support.js';

/**
 * Signed attestations and the transparency log, each figure beside a baseline of the same run:
 * signing and verifying attestations (jose) against bare node:crypto ES256, appending to the log
 * (RFC 6962 tree, tiles, markers) against hashing the leaves alone and against raw batch writes,
 * proof sizes, tile bytes for 100,000 leaves, and, through the whole local system, the time from
 * a committed sanction to a checkpoint that includes it beside the request alone.
 */
const N_SIGN = 2_000;
const TREE = 100_000;
const DYNAMO_LEAVES = 2_000;
const RUNS = 7;

const brn = (i: number) => {
  const nine = String(650_000_000 + i);
  return `${nine}${brnCheckDigit(nine)}`;
};

function decision(i: number): LogEvent {
  return {
    sourceId: `case:c${i}:2`,
    leaf: {
      kind: 'case.decided',
      brn: brn(i % 1000),
      caseId: `case_${i}`,
      decision: 'CONFIRM',
      at: new Date(i * 1000).toISOString(),
    },
  };
}

function rate(n: number, ms: number) {
  return Math.round((n / ms) * 1000);
}

async function attestations() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwkPrivate = await importJWK(privateKey.export({ format: 'jwk' }) as JWK, 'ES256');
  const jwkPublic = await importJWK(publicKey.export({ format: 'jwk' }) as JWK, 'ES256');
  const claims = {
    iss: 'https://registry.local.invalid',
    sub: '2208162517',
    status: 'CERTIFIED',
    allowed: true,
    throttle: null,
    certificateId: 'C-2026-000001',
    version: 3,
    iat: 1,
    exp: 4102444800,
  };
  const payload = Buffer.from(JSON.stringify(claims));
  let t = performance.now();
  const tokens: string[] = [];
  for (let i = 0; i < N_SIGN; i++) {
    tokens.push(
      await new CompactSign(payload)
        .setProtectedHeader({ alg: 'ES256', kid: 'k', typ: 'eligibility+jwt' })
        .sign(jwkPrivate),
    );
  }
  const joseSign = performance.now() - t;
  t = performance.now();
  const raw: Buffer[] = [];
  for (let i = 0; i < N_SIGN; i++)
    raw.push(sign('sha256', payload, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  const bareSign = performance.now() - t;
  t = performance.now();
  for (const token of tokens) await jwtVerify(token, jwkPublic, { typ: 'eligibility+jwt' });
  const joseVerify = performance.now() - t;
  t = performance.now();
  for (const s of raw) verify('sha256', payload, { key: publicKey, dsaEncoding: 'ieee-p1363' }, s);
  const bareVerify = performance.now() - t;
  table(
    `Attestations: ES256 compact JWS, ${N_SIGN} each (in process)`,
    ['operation', 'per second', 'baseline: bare node:crypto ES256', 'ratio'],
    [
      [
        'sign (jose, what the local signer does)',
        rate(N_SIGN, joseSign),
        rate(N_SIGN, bareSign),
        fmt(bareSign / joseSign, 2),
      ],
      [
        'verify (jose jwtVerify, what relays do)',
        rate(N_SIGN, joseVerify),
        rate(N_SIGN, bareVerify),
        fmt(bareVerify / joseVerify, 2),
      ],
    ],
  );
}

async function appendInMemory() {
  const events = Array.from({ length: TREE }, (_, i) => decision(i));
  let t = performance.now();
  for (const e of events) leafHash(leafBytes(e.leaf));
  const hashOnly = performance.now() - t;
  const store = new MemoryTransparencyLogStore();
  const deps = {
    transparencyLog: store,
    logSigner: fakeNoteSigner(),
    logPublisher: new RecordingPublisher(),
    logOrigin: 'bench.invalid/log',
    registry: { changes: async () => [] },
  };
  t = performance.now();
  for (let i = 0; i < TREE; i += 100) await appendToLog(deps, events.slice(i, i + 100));
  const appended = performance.now() - t;
  return { store, hashOnly, appended };
}

async function appendToDynamo() {
  const dynamodb = await startDynamoDbLocal();
  try {
    const client = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const tables = await createTables(client, `benchlog${Date.now().toString(36)}`);
    Object.assign(process.env, {
      TABLE_NAME: tables.registry,
      IDEMPOTENCY_TABLE_NAME: tables.idempotency,
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    });
    const { DynamoTransparencyLogStore } = await import(
      '../shared/adapters/transparency/dynamo-log-store.js'
    );
    const store: TransparencyLogStore = new DynamoTransparencyLogStore();
    const deps = {
      transparencyLog: store,
      logSigner: fakeNoteSigner(),
      logPublisher: new RecordingPublisher(),
      logOrigin: 'bench.invalid/log',
      registry: { changes: async () => [] },
    };
    const events = Array.from({ length: DYNAMO_LEAVES }, (_, i) => decision(i));
    let t = performance.now();
    for (let i = 0; i < DYNAMO_LEAVES; i += 100) await appendToLog(deps, events.slice(i, i + 100));
    const appended = performance.now() - t;
    // Baseline: the same leaf and marker items, written with plain BatchWriteItem (no order, no state, no checkpoint).
    const doc = DynamoDBDocumentClient.from(client);
    const items = events.flatMap((e, i) => [
      {
        PK: `RAWLEAF#${Math.floor(i / 256)}`,
        SK: String(i),
        entry: Buffer.from(leafBytes(e.leaf)).toString(),
      },
      { PK: `RAWSRC#${e.sourceId}`, SK: 'LEAF', leafIndex: i },
    ]);
    t = performance.now();
    for (let i = 0; i < items.length; i += 25) {
      await doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [tables.registry]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
          },
        }),
      );
    }
    const raw = performance.now() - t;
    client.destroy();
    return { appended, raw };
  } finally {
    await dynamodb.stop();
  }
}

async function changeToCheckpoint() {
  const keyDir = mkdtempSync(join(tmpdir(), 'bench-keys-'));
  process.env.LOCAL_SIGNING_KEY_DIR = keyDir;
  const system = await startLocalSystem();
  try {
    const tokens = new Map<string, string>();
    const call = async (method: string, path: string, role: string, body?: unknown) => {
      if (!tokens.has(role)) tokens.set(role, await system.token({ role }));
      const started = performance.now();
      const res = await fetch(`${system.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens.get(role)}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        res,
        ms: performance.now() - started,
        json: res.status < 300 ? await res.json() : await res.text(),
      };
    };
    const targets = Array.from({ length: RUNS + 1 }, (_, i) => brn(900 + i));
    await call('POST', '/_local/clock', 'admin', { set: '2024-07-01T00:00:00Z' });
    await call(
      'POST',
      '/v1/admin/existing-resellers',
      'admin',
      targets.map((b, i) => ({ brn: b, companyName: `Bench ${i}`, registeredAt: '2020-01-01T00:00:00Z' })),
    );
    const toCheckpoint: number[] = [];
    const request: number[] = [];
    for (const [run, target] of targets.entries()) {
      const started = performance.now();
      const posted = await call('POST', `/v1/resellers/${target}/sanctions`, 'reviewer', {
        type: 'SUSPENSION',
        until: '2024-10-01T00:00:00Z',
        reason: 'benchmark',
      });
      const head = await call('GET', '/v1/registry/changes?limit=1000', 'regulator');
      const seq = Math.max(...(head.json as { changes: { seq: number }[] }).changes.map((c) => c.seq));
      for (;;) {
        const proof = await fetch(`${system.url}/v1/log/inclusion?seq=${seq}`);
        await proof.body?.cancel();
        if (proof.status === 200) break;
        if (performance.now() - started > 30_000)
          throw new Error(`change ${seq} not checkpointed within 30 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      if (run === 0) continue;
      toCheckpoint.push(performance.now() - started);
      request.push(posted.ms);
    }
    return { toCheckpoint, request };
  } finally {
    await system.stop();
    delete process.env.LOCAL_SIGNING_KEY_DIR;
    rmSync(keyDir, { recursive: true, force: true });
  }
}

export async function benchVerifiableRegistry() {
  await attestations();

  const { store, hashOnly, appended } = await appendInMemory();
  const dynamo = await appendToDynamo();
  table(
    'Transparency log: appending leaves (batches of 100, each batch ends with a signed checkpoint)',
    ['store', 'leaves', 'leaves/s', 'baseline', 'baseline leaves/s', 'ratio'],
    [
      [
        'memory (tree, tiles, markers, checkpoint)',
        TREE,
        rate(TREE, appended),
        'leaf hashing alone',
        rate(TREE, hashOnly),
        fmt(hashOnly / appended, 2),
      ],
      [
        'DynamoDB Local (one transaction per 40 leaves)',
        DYNAMO_LEAVES,
        rate(DYNAMO_LEAVES, dynamo.appended),
        'BatchWriteItem, same items',
        rate(DYNAMO_LEAVES, dynamo.raw),
        fmt(dynamo.raw / dynamo.appended, 2),
      ],
    ],
  );

  const hasher = memoryHasher(store.leaves.map((l) => l.hash));
  const proofRows: (string | number)[][] = [];
  for (const [label, index] of [
    ['first leaf', 0],
    ['middle leaf', TREE / 2],
    ['last leaf', TREE - 1],
  ] as const) {
    const p = await inclusionProof(hasher, index, TREE);
    proofRows.push([`inclusion, ${label} of ${TREE}`, p.length, p.length * 32]);
  }
  for (const from of [1, 50_000, 99_999]) {
    const p = await consistencyProof(hasher, from, TREE);
    proofRows.push([`consistency ${from} → ${TREE}`, p.length, p.length * 32]);
  }
  table('Proof sizes (RFC 6962 audit paths)', ['proof', 'hashes', 'bytes'], proofRows);

  const tiles = tilesFor(TREE);
  const entryBytes = store.leaves.reduce((n, l) => n + l.entry.length, 0);
  const hashTiles = tiles.filter((t) => t.level !== 'entries');
  const hashTileBytes = hashTiles.reduce((n, t) => n + t.width * 32, 0);
  const bundleBytes =
    tiles.filter((t) => t.level === 'entries').reduce((n, t) => n + t.width * 2, 0) + entryBytes;
  table(
    `Tiles for ${TREE.toLocaleString('en')} leaves (C2SP tlog-tiles, uncompressed)`,
    ['objects', 'count', 'bytes', 'baseline: raw data', 'bytes', 'ratio'],
    [
      [
        'hash tiles (all levels)',
        hashTiles.length,
        kb(hashTileBytes),
        'leaf hashes alone',
        kb(TREE * 32),
        fmt(hashTileBytes / (TREE * 32), 3),
      ],
      [
        'entry bundles',
        tiles.length - hashTiles.length,
        kb(bundleBytes),
        'canonical JSON leaves alone',
        kb(entryBytes),
        fmt(bundleBytes / entryBytes, 3),
      ],
    ],
  );

  const { toCheckpoint, request } = await changeToCheckpoint();
  table(
    `Change → checkpoint: POST sanction → a signed checkpoint includes its feed entry (${RUNS} runs, local system; bar ≤ 10 s)`,
    ['path', 'median ms', 'max ms', 'ratio', 'bar'],
    [
      [
        'baseline: the POST alone (commit)',
        fmt(median(request), 0),
        fmt(Math.max(...request), 0),
        '1.00',
        '',
      ],
      [
        'POST → stream → log writer → checkpoint',
        fmt(median(toCheckpoint), 0),
        fmt(Math.max(...toCheckpoint), 0),
        fmt(median(toCheckpoint) / median(request), 1),
        Math.max(...toCheckpoint) <= 10_000 ? 'ok' : 'OVER',
      ],
    ],
  );
}

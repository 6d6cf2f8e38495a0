import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { rotateLocalAttestationKey } from '../../shared/adapters/signing/local-attestation-signer.js';
import { leafHash, verifyInclusion } from '../../shared/domain/transparency/merkle.js';
import { parseCheckpointText } from '../../shared/domain/transparency/note.js';
import { decodeBundle } from '../../shared/domain/transparency/tiles.js';
import { runVerifyLog } from '../../shared/verifier/cli.js';
import { eventually } from '../support/eventually.js';
import { resellerFixture } from '../support/fixtures.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';

/**
 * Signed attestations and the transparency log through the local runtime: real HTTP, real JWTs,
 * the stream-fed log writer, verified with jose and the verify-log CLI.
 */
const BRN = '2208162517';
const keyDir = mkdtempSync(join(tmpdir(), 'e2e-verifiable-keys-'));
const stateDir = mkdtempSync(join(tmpdir(), 'e2e-verify-log-'));
let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

async function checkpointSize(): Promise<number> {
  const res = await fetch(`${runtime.url}/log/checkpoint`);
  if (res.status !== 200) return 0;
  return parseCheckpointText(`${(await res.text()).split('\n\n')[0]}\n`).size;
}

beforeAll(async () => {
  runtime = await startTestRuntime({ keyDir });
  api = client(runtime);
  const { coreDeps } = await import('../../shared/adapters/deps.js');
  const now = Date.now();
  const at = new Date(now).toISOString();
  const reseller = resellerFixture(BRN, {
    existing: false,
    certificate: {
      certificateId: 'C-2026-000099',
      applicationId: 'app_e2e',
      issuedAt: at,
      validUntil: new Date(now + 700 * 86_400_000).toISOString(),
      nextInspectionDue: new Date(now + 300 * 86_400_000).toISOString(),
    },
    status: 'CERTIFIED',
    reason: 'certificate active',
    effectiveAt: at,
  });
  await coreDeps().registry.commit({
    reseller: { before: undefined, after: reseller },
    change: {
      brn: BRN,
      status: 'CERTIFIED',
      throttle: null,
      reason: 'certificate active',
      effectiveAt: at,
      version: 1,
      noticeType: 'reseller.certified',
    },
    audit: [],
  });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(keyDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

describe('eligibility attestations', () => {
  it('are compact ES256 JWS that jose verifies against the published JWKS', async () => {
    const res = await api.get(`/v1/resellers/${BRN}/attestation`, { as: as.relay('kt') });
    expect(res.status).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${runtime.url}/.well-known/jwks.json`));
    // The issuer is the base URL the JWKS is served under.
    const { payload, protectedHeader } = await jwtVerify(res.body.attestation, jwks, {
      algorithms: ['ES256'],
      typ: 'eligibility+jwt',
      subject: BRN,
      issuer: runtime.url,
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'eligibility+jwt' });
    expect(payload).toMatchObject({ sub: BRN, status: 'CERTIFIED', allowed: true, throttle: null });
    expect(payload.certificateId).toBe('C-2026-000099');
    // The policy lifetime (300 s) comes first: the certificate runs for two years.
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(res.body.expiresAt).toBe(new Date(payload.exp! * 1000).toISOString());
  });

  it('fails verification once tampered with', async () => {
    const { attestation } = (await api.get(`/v1/resellers/${BRN}/attestation`, { as: as.relay('kt') })).body;
    const [h, p, s] = (attestation as string).split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, status: 'GRACE' })).toString('base64url')}.${s}`;
    const jwks = createRemoteJWKSet(new URL(`${runtime.url}/.well-known/jwks.json`));
    await expect(jwtVerify(forged, jwks)).rejects.toThrow(/signature verification failed/);
  });

  it('signs UNCERTIFIED for an unknown business, checks the role first and the reseller’s ownership', async () => {
    const unknown = await api.get('/v1/resellers/1248100998/attestation', { as: as.regulator() });
    const claims = JSON.parse(Buffer.from(unknown.body.attestation.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: '1248100998', status: 'UNCERTIFIED', allowed: false, version: 0 });
    expect((await api.get(`/v1/resellers/${BRN}/attestation`, { as: as.monitor() })).status).toBe(403);
    expect(
      (await api.get(`/v1/resellers/${BRN}/attestation`, { as: as.reseller('1248100998') })).status,
    ).toBe(404);
    expect((await api.get(`/v1/resellers/${BRN}/attestation`, { as: as.reseller(BRN) })).status).toBe(200);
  });

  it('keep verifying after a key rotation until they expire; the JWKS carries both keys', async () => {
    const before = (await api.get(`/v1/resellers/${BRN}/attestation`, { as: as.relay('kt') })).body
      .attestation;
    const newKid = await rotateLocalAttestationKey(keyDir, new Date());
    const after = (await api.get(`/v1/resellers/${BRN}/attestation`, { as: as.relay('kt') })).body
      .attestation;
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    expect(decodeProtectedHeader(before).kid).not.toBe(newKid);
    const jwks = await api.get('/.well-known/jwks.json');
    expect(jwks.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toEqual(
      expect.arrayContaining([decodeProtectedHeader(before).kid, newKid]),
    );
    expect(JSON.stringify(jwks.body)).not.toContain('"d"');
    const remote = createRemoteJWKSet(new URL(`${runtime.url}/.well-known/jwks.json`));
    await expect(jwtVerify(before, remote)).resolves.toBeDefined();
    await expect(jwtVerify(after, remote)).resolves.toBeDefined();
  });
});

describe('the transparency log', () => {
  it('checkpoints a change and a sanction shortly after they commit, with both leaves', async () => {
    const imposed = await api.post(`/v1/resellers/${BRN}/sanctions`, {
      as: as.reviewer(),
      headers: { 'idempotency-key': 'e2e-log-sanction' },
      body: { type: 'SUSPENSION', reason: 'inspection failed' },
    });
    expect(imposed.status).toBe(201);
    // The seeded change, the suspension's feed entry and the sanction decision.
    await eventually(async () => expect(await checkpointSize()).toBeGreaterThanOrEqual(3));
    const res = await fetch(`${runtime.url}/log/tile/entries/000.p/${await checkpointSize()}`);
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    const entries = decodeBundle(new Uint8Array(await res.arrayBuffer())).map((e) =>
      JSON.parse(Buffer.from(e).toString()),
    );
    expect(entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['change', 'sanction.imposed']));
    expect(entries.filter((e) => e.kind === 'change').map((e) => e.seq)).toEqual([1, 2]);
    expect(JSON.stringify(entries)).not.toMatch(/inspection failed|Co 2208162517/);
  });

  it('serves RFC 6962 proofs that verify against the checkpoint', async () => {
    const size = await checkpointSize();
    const proof = await api.get(`/v1/log/inclusion?seq=2&treeSize=${size}`);
    expect(proof.status).toBe(200);
    const note = await (await fetch(`${runtime.url}/log/checkpoint`)).text();
    const root = Buffer.from(note.split('\n')[2]!, 'base64');
    const bundle = decodeBundle(
      new Uint8Array(await (await fetch(`${runtime.url}/log/tile/entries/000.p/${size}`)).arrayBuffer()),
    );
    const leaf = leafHash(bundle[proof.body.leafIndex]!);
    const hashes = proof.body.hashes.map((h: string) => Buffer.from(h, 'base64'));
    expect(verifyInclusion(proof.body.leafIndex, size, leaf, hashes, root)).toBe(true);
    const consistency = await api.get(`/v1/log/consistency?from=1&to=${size}`);
    expect(consistency.body).toMatchObject({ from: 1, to: size });
    expect((await api.get(`/v1/log/inclusion?leafIndex=${size}`)).status).toBe(404);
    expect((await api.get('/v1/log/consistency?from=0')).status).toBe(400);
  });

  it('passes verify-log, which remembers the checkpoint and checks consistency next time', async () => {
    const state = join(stateDir, 'state.json');
    const lines: string[] = [];
    const out = { write: (s: string) => lines.push(s) };
    expect(await runVerifyLog(['--url', runtime.url, '--state', state], out)).toBe(0);
    await api.post(`/v1/resellers/${BRN}/sanctions`, {
      as: as.reviewer(),
      headers: { 'idempotency-key': 'e2e-log-warning' },
      body: { type: 'WARNING', reason: 'second warning' },
    });
    const size = await checkpointSize();
    await eventually(async () => expect(await checkpointSize()).toBeGreaterThan(size));
    lines.length = 0;
    expect(await runVerifyLog(['--url', runtime.url, '--state', state], out)).toBe(0);
    expect(lines.join('')).toMatch(
      /ok +consistency with the last checkpoint seen: size \d+ → \d+: consistent/,
    );
    expect(lines.join('')).toMatch(/^verified: 6 checks passed/m);
  });
});

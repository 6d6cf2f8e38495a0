import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleSite } from '../../infra/local/console-site.js';
import { loadOrCreateKeys, verifyLocalToken } from '../../infra/local/keys.js';

const scratch = mkdtempSync(join(tmpdir(), 'console-site-'));
const dist = join(scratch, 'dist');
let server: Server;
let base: string;
let keys: Awaited<ReturnType<typeof loadOrCreateKeys>>;

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(scratch, 'secret.txt'), 'outside');
  keys = await loadOrCreateKeys(join(scratch, 'keys'));
  const site = createConsoleSite({ keys, distDir: dist });
  server = createServer((req, res) => {
    void site(req, res).then((handled) => {
      if (!handled) res.writeHead(418).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const signIn = (body: unknown) =>
  fetch(`${base}/_local/console/token`, { method: 'POST', body: JSON.stringify(body) });

describe('the console on the local runtime', () => {
  it('serves the built files under /console/, immutable assets and a fresh index, and leaves the API alone', async () => {
    const index = await fetch(`${base}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    const asset = await fetch(`${base}/console/assets/index-abc.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/console`, { redirect: 'manual' })).headers.get('location')).toBe(
      '/console/',
    );
    expect(await (await fetch(`${base}/console/config.json`)).json()).toEqual({
      apiBase: '',
      auth: { mode: 'local' },
    });
    expect((await fetch(`${base}/v1/checklist`)).status).toBe(418);
  });

  it('never serves a file outside the build output', async () => {
    const res = await fetch(`${base}/console/..%2Fsecret.txt`);
    expect(await res.text()).not.toContain('outside');
  });

  it('signs in locally with the token minting of `npm run token`, checking the same arguments', async () => {
    const ok = await signIn({ role: 'reseller', brn: '220-81-62517' });
    expect(ok.status).toBe(200);
    const claims = await verifyLocalToken(((await ok.json()) as { token: string }).token, keys);
    expect(claims).toMatchObject({ 'cognito:groups': ['reseller'], 'custom:brn': '2208162517' });

    const badBrn = await signIn({ role: 'reseller', brn: '2208162518' });
    expect(badBrn.status).toBe(400);
    expect(((await badBrn.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('brn');
    const noBrn = await signIn({ role: 'reseller' });
    expect(((await noBrn.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('brn');
    const badRole = await signIn({ role: 'root' });
    expect(((await badRole.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('role');
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateKeys,
  mintLocalToken,
  verifyLocalToken,
} from '../../infra/local/keys.js';
import { repoRoot } from '../../infra/local/paths.js';

const run = promisify(execFile);
const dirs: string[] = [];
const tempKeyDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'local-keys-'));
  dirs.push(d);
  return join(d, 'keys'); // not yet existing: created on first use
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tsxLoader = ['--import', 'tsx'];
function tokenCli(args: string[], keyDir: string) {
  return run(process.execPath, [...tsxLoader, join(repoRoot, 'infra/local/token.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOCAL_KEY_DIR: keyDir },
  });
}

describe('local keys', () => {
  it('creates the key pair on first use (dir 0700, key 0600) and reuses it afterwards', async () => {
    const dir = tempKeyDir();
    const first = await loadOrCreateKeys(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const file = join(dir, 'signing-key.jwk.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, 'utf8');
    expect(JSON.parse(stored)).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: first.kid });

    // A token from another process (the CLI) verifies with the key this process loaded.
    const { stdout } = await tokenCli(['--role', 'reviewer'], dir);
    await expect(verifyLocalToken(stdout.trim(), first)).resolves.toMatchObject({
      'cognito:groups': ['reviewer'],
    });
    expect(readFileSync(file, 'utf8')).toBe(stored);
  });

  it('agrees on one key when several processes create it at once', async () => {
    const dir = tempKeyDir();
    const outputs = await Promise.all([1, 2, 3].map(() => tokenCli(['--role', 'admin'], dir)));
    const keys = await loadOrCreateKeys(dir);
    for (const { stdout } of outputs)
      await expect(verifyLocalToken(stdout.trim(), keys)).resolves.toBeTruthy();
  });
});

describe('mintLocalToken', () => {
  it('mints a Cognito-like ES256 ID token', async () => {
    const keys = await loadOrCreateKeys(tempKeyDir());
    const before = Math.floor(Date.now() / 1000);
    const token = await mintLocalToken(
      { role: 'reseller', brn: '2208162517', expiresInSeconds: 600 },
      { keys },
    );
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: keys.kid });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      'cognito:groups': ['reseller'],
      'custom:brn': '2208162517',
      token_use: 'id',
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
    });
    expect(claims.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.exp).toBe((claims.iat ?? 0) + 600);
    await expect(verifyLocalToken(token, keys)).resolves.toMatchObject({ sub: claims.sub });
    // The same caller gets the same subject.
    const again = decodeJwt(await mintLocalToken({ role: 'reseller', brn: '2208162517' }, { keys }));
    expect(again.sub).toBe(claims.sub);
  });

  it('verification rejects expired tokens, other keys, other issuers and audiences', async () => {
    const keys = await loadOrCreateKeys(tempKeyDir());
    const other = await loadOrCreateKeys(tempKeyDir());
    const bad = [
      await mintLocalToken({ role: 'admin', expiresInSeconds: -1 }, { keys }),
      await mintLocalToken({ role: 'admin' }, { keys: other }),
      await mintLocalToken({ role: 'admin', extra: { iss: 'https://evil.example' } }, { keys }),
      await mintLocalToken({ role: 'admin', extra: { aud: 'someone-else' } }, { keys }),
      await mintLocalToken({ role: 'admin', extra: { token_use: 'access' } }, { keys }),
    ];
    for (const token of bad) await expect(verifyLocalToken(token, keys)).rejects.toThrow();
  });
});

describe('npm run token', () => {
  it('prints only the token', async () => {
    const dir = tempKeyDir();
    const { stdout, stderr } = await tokenCli(
      ['--role', 'relay', '--relay-id', 'kt', '--expires-in', '3600'],
      dir,
    );
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = decodeJwt(stdout.trim());
    expect(claims).toMatchObject({ 'cognito:groups': ['relay'], 'custom:relay_id': 'kt' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
  });

  it('normalises a dashed brn', async () => {
    const { stdout } = await tokenCli(['--role', 'reseller', '--brn', '220-81-62517'], tempKeyDir());
    expect(decodeJwt(stdout.trim())['custom:brn']).toBe('2208162517');
  });

  it.each([
    [[]],
    [['--role', 'emperor']],
    [['--role', 'reseller']],
    // A business registration number whose check digit is wrong is no reseller's.
    [['--role', 'reseller', '--brn', '2208162518']],
    [['--role', 'relay']],
    [['--role', 'reviewer', '--expires-in', 'soon']],
    [['--role', 'reviewer', '--bogus']],
    [['--role', 'reviewer', 'extra']],
  ])('bad arguments %j: usage on stderr, exit 2', async (args) => {
    const err = await tokenCli(args, tempKeyDir()).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stdout).toBe('');
    expect(err?.stderr).toContain('usage: npm run --silent token');
  });
});

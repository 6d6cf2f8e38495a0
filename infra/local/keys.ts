import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Role } from '../../shared/http/routes.js';
import { repoRoot } from './paths.js';

/**
 * The local stand-in for the Cognito user pool: an ES256 key pair kept in `.local/keys/` (gitignored),
 * generated on first use. Tokens it signs are accepted only by the local gateway, never in AWS.
 */
export const LOCAL_ISSUER = 'https://cognito-idp.local.invalid/local-user-pool';
export const LOCAL_AUDIENCE = 'local-app-client';
export const LOCAL_ALG = 'ES256';
const KEY_FILE = 'signing-key.jwk.json';

export interface LocalKeys {
  dir: string;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public JWK (what a JWKS endpoint would publish). */
  publicJwk: JWK;
}

/** `.local/keys/` under the repository root, or `LOCAL_KEY_DIR`. */
export function defaultKeyDir(): string {
  return resolve(process.env.LOCAL_KEY_DIR || join(repoRoot, '.local', 'keys'));
}

async function generateKeyFile(file: string): Promise<void> {
  const { privateKey } = await generateKeyPair(LOCAL_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const body = `${JSON.stringify({ ...jwk, kid, alg: LOCAL_ALG, use: 'sig' }, null, 2)}\n`;
  // Write aside, then link into place: concurrent first runs (parallel test files) agree on one key.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, body, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
}

async function readKeys(dir: string): Promise<LocalKeys> {
  const file = join(dir, KEY_FILE);
  let jwk: JWK & { kid?: string; d?: string };
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      await generateKeyFile(file);
      return readKeys(dir);
    }
    throw new Error(
      `the local signing key ${file} is unreadable (${(e as Error).message}); delete it to get a new one`,
    );
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d) {
    throw new Error(
      `the local signing key ${file} is not an EC P-256 private JWK; delete it to get a new one`,
    );
  }
  const { d: _private, ...publicJwk } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  const privateKey = (await importJWK(jwk, LOCAL_ALG)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, LOCAL_ALG)) as CryptoKey;
  return { dir, kid, privateKey, publicKey, publicJwk: { ...publicJwk, kid } };
}

const cache = new Map<string, Promise<LocalKeys>>();

/** Loads the key pair from `dir`, creating it (dir 0700, key file 0600) on first use. */
export function loadOrCreateKeys(dir: string = defaultKeyDir()): Promise<LocalKeys> {
  const abs = resolve(dir);
  let keys = cache.get(abs);
  if (!keys) {
    keys = (async () => {
      mkdirSync(abs, { recursive: true, mode: 0o700 });
      chmodSync(abs, 0o700);
      return readKeys(abs);
    })();
    keys.catch(() => cache.delete(abs));
    cache.set(abs, keys);
  }
  return keys;
}

export interface LocalTokenClaims {
  /** One Cognito group; or `roles` for several. */
  role?: Role | (string & {});
  roles?: readonly (Role | (string & {}))[];
  /** `custom:brn` (a reseller's business registration number). */
  brn?: string;
  /** `custom:relay_id` (a relay operator's id). */
  relayId?: string;
  /** Default: a stable id derived from roles, brn and relay id (the same caller gets the same sub). */
  sub?: string;
  /** Lifetime from now (wall time); default 3600. Negative values mint an already expired token. */
  expiresInSeconds?: number;
  /** Extra claims, e.g. for tests. */
  extra?: Record<string, unknown>;
}

function stableSub(roles: readonly string[], brn?: string, relayId?: string): string {
  const h = createHash('sha256')
    .update(`${[...roles].sort().join(',')}|${brn ?? ''}|${relayId ?? ''}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A Cognito-like ID token (`cognito:groups` as an array, `custom:*` attributes) signed with the local key. */
export async function mintLocalToken(
  claims: LocalTokenClaims,
  options: { keyDir?: string; keys?: LocalKeys } = {},
) {
  const keys = options.keys ?? (await loadOrCreateKeys(options.keyDir));
  const roles = [...(claims.roles ?? []), ...(claims.role ? [claims.role] : [])];
  const sub = claims.sub ?? stableSub(roles, claims.brn, claims.relayId);
  const now = Math.floor(Date.now() / 1000); // wall time, never the business clock
  const expiresIn = claims.expiresInSeconds ?? 3600;
  const payload = {
    sub,
    ...(roles.length > 0 ? { 'cognito:groups': roles } : {}),
    ...(claims.brn !== undefined ? { 'custom:brn': claims.brn } : {}),
    ...(claims.relayId !== undefined ? { 'custom:relay_id': claims.relayId } : {}),
    'cognito:username': sub,
    token_use: 'id',
    auth_time: now,
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    iat: now,
    exp: now + expiresIn,
    jti: randomUUID(),
    ...claims.extra,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: LOCAL_ALG, kid: keys.kid, typ: 'JWT' })
    .sign(keys.privateKey);
}

/** What the Cognito authorizer checks: signature (ES256, local key), issuer, audience, expiry (wall time). */
export async function verifyLocalToken(
  token: string,
  keys: Pick<LocalKeys, 'publicKey'>,
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, keys.publicKey, {
    algorithms: [LOCAL_ALG],
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    requiredClaims: ['sub', 'exp', 'iat'],
  });
  if (payload.token_use !== 'id') throw new Error('only ID tokens are accepted');
  return payload;
}

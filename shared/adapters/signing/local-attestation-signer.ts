import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import type { AttestationSigner, PublicJwk } from '../../domain/attestations/attestation-ports.js';
import { publishedKeys, type RingKey, signingKey } from '../../domain/attestations/key-ring.js';
import { readKeyFile, replaceFile } from './key-files.js';

const RING_FILE = 'attestation-keys.json';

interface LocalRingKey extends RingKey {
  /** The private JWK (EC P-256); only its public members are ever published. */
  jwk: JWK;
}

interface RingFile {
  keys: LocalRingKey[];
}

async function newKey(activatedAt: string): Promise<LocalRingKey> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const { d: _d, ...pub } = jwk;
  return { kid: await calculateJwkThumbprint(pub), activatedAt, jwk };
}

function publicJwk(k: LocalRingKey): PublicJwk {
  const { d: _d, ...pub } = k.jwk;
  return { ...pub, kty: pub.kty ?? 'EC', kid: k.kid, alg: 'ES256', use: 'sig' };
}

const ringFile = (dir: string) => join(dir, RING_FILE);

async function initialRing(): Promise<string> {
  // The first local key is valid from the epoch, so a business clock set to the past still signs.
  return `${JSON.stringify({ keys: [await newKey(new Date(0).toISOString())] }, null, 2)}\n`;
}

/**
 * Local runtime: ES256 attestation keys in `<dir>/attestation-keys.json` (0600, gitignored),
 * created on first use and signed with jose. The file is re-read when it changes, so a rotation
 * (`rotateLocalAttestationKey`) takes effect without a restart.
 */
export class LocalAttestationSigner implements AttestationSigner {
  private loaded: { version: string; ring: LocalRingKey[] } | undefined;

  constructor(
    private readonly dir: string,
    readonly issuer: string,
  ) {}

  private async ring(): Promise<LocalRingKey[]> {
    const file = ringFile(this.dir);
    let stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) {
      await ensureLocalAttestationKeys(this.dir);
      stat = statSync(file);
    }
    // A rotation replaces the file (new inode), so inode and mtime together tell a change.
    const version = `${stat.ino}:${stat.mtimeMs}`;
    if (this.loaded?.version !== version) {
      this.loaded = { version, ring: (JSON.parse(readFileSync(file, 'utf8')) as RingFile).keys };
    }
    return this.loaded.ring;
  }

  async sign(claims: Record<string, unknown>, typ: string, now: Date): Promise<string> {
    const key = signingKey(await this.ring(), now);
    const privateKey = await importJWK(key.jwk, 'ES256');
    return new CompactSign(Buffer.from(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ })
      .sign(privateKey);
  }

  async jwks(now: Date): Promise<PublicJwk[]> {
    return publishedKeys(await this.ring(), now).map(publicJwk);
  }
}

/** Creates the local key ring if absent (what `npm start` and the tests do before serving). */
export async function ensureLocalAttestationKeys(dir: string): Promise<void> {
  const body = await initialRing();
  readKeyFile<RingFile>(ringFile(dir), () => body);
}

/** Rotates the local key: a new key signs from `at`; the one before retires then (kept in the JWKS a while). */
export async function rotateLocalAttestationKey(dir: string, at: Date): Promise<string> {
  await ensureLocalAttestationKeys(dir);
  const ring = readKeyFile<RingFile>(ringFile(dir), () => '');
  const iso = at.toISOString();
  const fresh = await newKey(iso);
  const keys = ring.keys.map((k) => (k.retiredAt ? k : { ...k, retiredAt: iso }));
  replaceFile(ringFile(dir), `${JSON.stringify({ keys: [...keys, fresh] }, null, 2)}\n`);
  return fresh.kid;
}

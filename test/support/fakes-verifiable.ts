import { generateKeyPairSync, sign } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { MemoryTransparencyLogStore } from '../../shared/adapters/transparency/memory-log-store.js';
import type { AttestationSigner, PublicJwk } from '../../shared/domain/attestations/attestation-ports.js';
import type { Deps } from '../../shared/domain/ports.js';
import type { LogPublisher, PublishedObject } from '../../shared/domain/transparency/log-ports.js';
import { ed25519FromSpki, type NoteSigner } from '../../shared/domain/transparency/note.js';

/** An in-memory ES256 attestation signer with one key. */
export function fakeAttestationSigner(issuer = 'https://registry.test'): AttestationSigner & { jwk: JWK } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const { d: _d, ...pub } = jwk;
  return {
    issuer,
    jwk: pub,
    async sign(claims, typ) {
      const kid = await calculateJwkThumbprint(pub);
      return new CompactSign(Buffer.from(JSON.stringify(claims)))
        .setProtectedHeader({ alg: 'ES256', kid, typ })
        .sign(await importJWK(jwk, 'ES256'));
    },
    async jwks() {
      return [{ ...pub, kty: 'EC', kid: await calculateJwkThumbprint(pub) } as PublicJwk];
    },
  };
}

export function fakeNoteSigner(name = 'registry.test/log'): NoteSigner & { raw: Uint8Array } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = ed25519FromSpki(publicKey.export({ format: 'der', type: 'spki' }));
  return { name, raw, publicKey: async () => raw, sign: async (m) => sign(null, m, privateKey) };
}

export class RecordingPublisher implements LogPublisher {
  readonly objects = new Map<string, PublishedObject>();
  async publish(objects: readonly PublishedObject[]) {
    for (const o of objects) this.objects.set(o.path, o);
  }
}

export function verifiableFakes(): Pick<
  Deps,
  'attestations' | 'transparencyLog' | 'logSigner' | 'logPublisher' | 'logOrigin'
> {
  return {
    attestations: fakeAttestationSigner(),
    transparencyLog: new MemoryTransparencyLogStore(),
    logSigner: fakeNoteSigner(),
    logPublisher: new RecordingPublisher(),
    logOrigin: 'registry.test/log',
  };
}

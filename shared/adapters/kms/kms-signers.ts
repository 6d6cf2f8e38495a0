import { createHash, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { AttestationSigner, PublicJwk } from '../../domain/attestations/attestation-ports.js';
import { publishedKeys, type RingKey, signingKey } from '../../domain/attestations/key-ring.js';
import { ed25519FromSpki, type NoteSigner } from '../../domain/transparency/note.js';
import { derToJoseSignature } from './der-signature.js';

/** One KMS key of the attestation ring (ATTESTATION_KEYS), ECC_NIST_P256. */
export interface KmsRingEntry {
  keyArn: string;
  activatedAt: string;
  retiredAt?: string;
}

const b64url = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');

/**
 * AWS: attestations signed by KMS (ECC_NIST_P256, ECDSA_SHA_256 over the SHA-256 digest of the
 * JWS signing input), the DER signature converted to JOSE r || s. Public keys are read once per
 * key (GetPublicKey) and published as JWKs; the kid is the JWK thumbprint (RFC 7638).
 */
export class KmsAttestationSigner implements AttestationSigner {
  private readonly publicKeys = new Map<string, Promise<PublicJwk>>();

  constructor(
    private readonly ring: readonly KmsRingEntry[],
    readonly issuer: string,
    private readonly kms: KMSClient = new KMSClient({}),
  ) {}

  private jwk(keyArn: string): Promise<PublicJwk> {
    let p = this.publicKeys.get(keyArn);
    if (!p) {
      p = (async () => {
        const out = await this.kms.send(new GetPublicKeyCommand({ KeyId: keyArn }));
        const jwk = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' }).export(
          {
            format: 'jwk',
          },
        ) as JWK;
        return { ...jwk, kty: 'EC', kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
      })();
      p.catch(() => this.publicKeys.delete(keyArn));
      this.publicKeys.set(keyArn, p);
    }
    return p;
  }

  private async keyed(): Promise<(RingKey & { keyArn: string })[]> {
    return Promise.all(this.ring.map(async (k) => ({ ...k, kid: (await this.jwk(k.keyArn)).kid })));
  }

  async sign(claims: Record<string, unknown>, typ: string, now: Date): Promise<string> {
    const key = signingKey(await this.keyed(), now);
    const input = `${b64url(JSON.stringify({ alg: 'ES256', kid: key.kid, typ }))}.${b64url(JSON.stringify(claims))}`;
    const out = await this.kms.send(
      new SignCommand({
        KeyId: key.keyArn,
        Message: createHash('sha256').update(input).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    return `${input}.${b64url(derToJoseSignature(out.Signature!))}`;
  }

  async jwks(now: Date): Promise<PublicJwk[]> {
    const published = publishedKeys(await this.keyed(), now);
    return Promise.all(published.map((k) => this.jwk(k.keyArn)));
  }
}

/**
 * AWS: checkpoints signed by a KMS ECC_NIST_EDWARDS25519 key (ED25519_SHA_512 over the raw note
 * text, which is far below KMS's 4 KiB message limit).
 */
export function kmsNoteSigner(keyArn: string, name: string, kms = new KMSClient({})): NoteSigner {
  let publicKey: Promise<Uint8Array> | undefined;
  return {
    name,
    publicKey() {
      publicKey ??= kms
        .send(new GetPublicKeyCommand({ KeyId: keyArn }))
        .then((out) => ed25519FromSpki(out.PublicKey!));
      publicKey.catch(() => {
        publicKey = undefined;
      });
      return publicKey;
    },
    async sign(message) {
      const signed = await kms.send(
        new SignCommand({
          KeyId: keyArn,
          Message: message,
          MessageType: 'RAW',
          SigningAlgorithm: 'ED25519_SHA_512',
        }),
      );
      return signed.Signature!;
    },
  };
}

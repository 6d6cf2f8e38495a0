import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { calculateJwkThumbprint, createLocalJWKSet, type JWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { derToJoseSignature } from '../../../../shared/adapters/kms/der-signature.js';
import { KmsAttestationSigner, kmsNoteSigner } from '../../../../shared/adapters/kms/kms-signers.js';
import {
  encodeVerifierKey,
  openNote,
  parseVerifierKey,
  signNote,
} from '../../../../shared/domain/transparency/note.js';

const b64url = (s: string) => Buffer.from(s).toString('base64url');

const der = (hex: string) => Buffer.from(hex.replaceAll(' ', ''), 'hex');

describe('DER → JOSE r || s', () => {
  it('pads short integers and drops the sign byte of 33-byte ones', () => {
    // r = 0x00 || 32 bytes with the top bit set (33 bytes), s = 31 bytes (a leading zero dropped).
    const r = `80${'11'.repeat(31)}`;
    const s = '22'.repeat(31);
    const sig = derToJoseSignature(der(`30 44 02 21 00${r} 02 1f ${s}`));
    expect(Buffer.from(sig).toString('hex')).toBe(`${r}00${s}`);
  });

  it('handles the smallest integers and rejects malformed input', () => {
    expect(Buffer.from(derToJoseSignature(der('30 06 02 01 01 02 01 02'))).toString('hex')).toBe(
      `${'00'.repeat(31)}01${'00'.repeat(31)}02`,
    );
    expect(() => derToJoseSignature(der('31 06 02 01 01 02 01 02'))).toThrow(/SEQUENCE/);
    expect(() => derToJoseSignature(der('30 06 02 01 01 02 01'))).toThrow();
    expect(() => derToJoseSignature(der(`30 25 02 21 01${'11'.repeat(32)} 02 00`))).toThrow();
  });

  it('matches what node:crypto produces as IEEE P1363 for many real signatures', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 200; i++) {
      const data = Buffer.from(`message ${i}`);
      const fromDer = derToJoseSignature(sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }));
      const publicKey = createPublicKey(privateKey);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, fromDer)).toBe(true);
    }
  });
});

describe('KMS signers', () => {
  it('signs attestations as ES256 JWS over the digest, verifiable with the published JWK', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' }) as JWK;
    const now = new Date();
    const claims = { sub: '2208162517', exp: Math.floor(now.getTime() / 1000) + 60 };
    const header = { alg: 'ES256', kid: await calculateJwkThumbprint(jwk), typ: 'eligibility+jwt' };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const kms = mockClient(KMSClient);
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: publicKey.export({ format: 'der', type: 'spki' }) });
    kms.on(SignCommand).callsFake((request) => {
      // KMS gets only the SHA-256 digest of the signing input and answers DER.
      expect(request).toMatchObject({ MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' });
      expect(Buffer.from(request.Message).equals(createHash('sha256').update(input).digest())).toBe(true);
      return { Signature: sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'der' }) };
    });
    const signer = new KmsAttestationSigner(
      [{ keyArn: 'arn:aws:kms:ap-northeast-2:1:key/a', activatedAt: '1970-01-01T00:00:00.000Z' }],
      'https://registry.example',
      new KMSClient({}),
    );
    const jws = await signer.sign(claims, 'eligibility+jwt', now);
    const jwks = createLocalJWKSet({ keys: (await signer.jwks(now)) as JWK[] });
    const { payload } = await jwtVerify(jws, jwks, { typ: 'eligibility+jwt' });
    expect(payload.sub).toBe('2208162517');
    kms.restore();
  });

  it('signs checkpoints with an Ed25519 KMS key over the raw note text', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const kms = mockClient(KMSClient);
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: publicKey.export({ format: 'der', type: 'spki' }) });
    kms.on(SignCommand).callsFake((input) => {
      expect(input).toMatchObject({ MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' });
      return { Signature: sign(null, input.Message, privateKey) };
    });
    const signer = kmsNoteSigner('arn:aws:kms:ap-northeast-2:1:key/b', 'log.example/log', new KMSClient({}));
    const note = await signNote('log.example/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n', signer);
    const vkey = parseVerifierKey(encodeVerifierKey(signer.name, await signer.publicKey()));
    expect(openNote(note, vkey)).toMatch(/^log\.example\/log\n1\n/);
    kms.restore();
  });
});

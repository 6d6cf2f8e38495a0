import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, type JWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { derToJoseSignature } from '../../../../shared/adapters/kms/der-signature.js';
import { KmsAttestationSigner, kmsNoteSigner } from '../../../../shared/adapters/kms/kms-signers.js';
import { MAX_ATTESTATION_LIFETIME_SECONDS } from '../../../../shared/domain/attestations/key-ring.js';
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

  it('keeps both integers whole when both have the top bit set (the longest DER form, 72 bytes)', () => {
    const r = `ff${'01'.repeat(31)}`;
    const s = `80${'02'.repeat(31)}`;
    const sig = derToJoseSignature(der(`30 46 02 21 00${r} 02 21 00${s}`));
    expect(Buffer.from(sig).toString('hex')).toBe(`${r}${s}`);
  });

  it('pads an integer that lost several leading zero bytes', () => {
    const r = '33'.repeat(29);
    const s = `7f${'44'.repeat(31)}`;
    const sig = derToJoseSignature(der(`30 41 02 1d ${r} 02 20 ${s}`));
    expect(Buffer.from(sig).toString('hex')).toBe(`000000${r}${s}`);
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

  it('keeps an attestation of the previous key verifiable through the JWKS until it expires', async () => {
    const arn = (name: string) => `arn:aws:kms:ap-northeast-2:1:key/${name}`;
    const pairs = new Map(
      ['previous', 'current'].map((n) => [arn(n), generateKeyPairSync('ec', { namedCurve: 'P-256' })]),
    );
    const kms = mockClient(KMSClient);
    kms.on(GetPublicKeyCommand).callsFake(({ KeyId }) => ({
      PublicKey: pairs.get(KeyId)!.publicKey.export({ format: 'der', type: 'spki' }),
    }));
    // KMS signs the SHA-256 digest it is given; node signs a message, so the fake looks up the
    // JWS signing input behind each digest (every input the test expects, for either key).
    const inputs = new Map<string, string>();
    kms.on(SignCommand).callsFake(({ KeyId, Message }) => {
      const input = inputs.get(Buffer.from(Message).toString('hex'));
      if (!input) throw new Error('KMS was asked to sign an unexpected digest');
      return {
        Signature: sign('sha256', Buffer.from(input), {
          key: pairs.get(KeyId)!.privateKey,
          dsaEncoding: 'der',
        }),
      };
    });
    // The rotation: `current` signs from ROTATION, when `previous` retires.
    const rotation = Date.parse('2026-06-01T00:00:00.000Z');
    const signer = new KmsAttestationSigner(
      [
        {
          keyArn: arn('previous'),
          activatedAt: '1970-01-01T00:00:00.000Z',
          retiredAt: new Date(rotation).toISOString(),
        },
        { keyArn: arn('current'), activatedAt: new Date(rotation).toISOString() },
      ],
      'https://registry.example',
      new KMSClient({}),
    );
    const kidOf = async (name: string) =>
      calculateJwkThumbprint(pairs.get(arn(name))!.publicKey.export({ format: 'jwk' }) as JWK);
    const [previousKid, currentKid] = [await kidOf('previous'), await kidOf('current')];
    const at = (ms: number) => new Date(ms);
    const attest = (ms: number, lifetime: number) => {
      const claims = { sub: '2208162517', iat: Math.floor(ms / 1000), exp: Math.floor(ms / 1000) + lifetime };
      for (const kid of [previousKid, currentKid]) {
        const input = `${b64url(JSON.stringify({ alg: 'ES256', kid, typ: 'eligibility+jwt' }))}.${b64url(JSON.stringify(claims))}`;
        inputs.set(createHash('sha256').update(input).digest('hex'), input);
      }
      return signer.sign(claims, 'eligibility+jwt', at(ms));
    };

    // A second before the rotation the previous key signs, for the longest lifetime there is.
    const signedBefore = rotation - 1000;
    const old = await attest(signedBefore, MAX_ATTESTATION_LIFETIME_SECONDS);
    expect(decodeProtectedHeader(old).kid).toBe(previousKid);
    // The JWKS already lists the next key, so relays know it before it signs.
    expect((await signer.jwks(at(signedBefore))).map((k) => k.kid)).toEqual([previousKid, currentKid]);
    const fresh = await attest(rotation, 300);
    expect(decodeProtectedHeader(fresh).kid).toBe(currentKid);

    // After the rotation, up to the old attestation's last second, the JWKS then served verifies it.
    const expiry = (signedBefore / 1000 + MAX_ATTESTATION_LIFETIME_SECONDS) * 1000;
    for (const now of [rotation + 1000, expiry - 1000]) {
      const jwks = createLocalJWKSet({ keys: (await signer.jwks(at(now))) as JWK[] });
      await expect(jwtVerify(old, jwks, { currentDate: at(now) })).resolves.toBeDefined();
      await expect(jwtVerify(fresh, jwks, { currentDate: at(rotation) })).resolves.toBeDefined();
    }
    // Once nothing the previous key signed can be valid, it leaves the JWKS.
    expect(
      (await signer.jwks(at(rotation + MAX_ATTESTATION_LIFETIME_SECONDS * 1000))).map((k) => k.kid),
    ).toEqual([currentKid]);
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

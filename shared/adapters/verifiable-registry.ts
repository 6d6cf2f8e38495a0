import { env } from '../config/env.js';
import type { Deps } from '../domain/ports.js';
import { KmsAttestationSigner, type KmsRingEntry, kmsNoteSigner } from './kms/kms-signers.js';
import { defaultSigningKeyDir } from './signing/key-files.js';
import { LocalAttestationSigner } from './signing/local-attestation-signer.js';
import { localNoteSigner } from './signing/local-note-signer.js';
import { DynamoTransparencyLogStore } from './transparency/dynamo-log-store.js';
import { noLogPublisher, S3LogPublisher } from './transparency/s3-log-publisher.js';

let attestations: Pick<Deps, 'attestations'> | undefined;
let transparency: Pick<Deps, 'transparencyLog' | 'logOrigin' | 'logSigner' | 'logPublisher'> | undefined;

const keyDir = () => env().LOCAL_SIGNING_KEY_DIR ?? defaultSigningKeyDir();

/** The attestation signer: KMS in AWS, the local key ring locally. */
export function attestationPorts(): Pick<Deps, 'attestations'> {
  if (!attestations) {
    const e = env();
    attestations = {
      attestations:
        e.SIGNING_BACKEND === 'kms'
          ? new KmsAttestationSigner(JSON.parse(e.ATTESTATION_KEYS) as KmsRingEntry[], e.ATTESTATION_ISSUER)
          : new LocalAttestationSigner(keyDir(), e.ATTESTATION_ISSUER),
    };
  }
  return attestations;
}

/** The log store, its checkpoint signer (KMS Ed25519 or a local key) and the S3 publisher where set. */
export function transparencyPorts(): Pick<
  Deps,
  'transparencyLog' | 'logOrigin' | 'logSigner' | 'logPublisher'
> {
  if (!transparency) {
    const e = env();
    if (e.SIGNING_BACKEND === 'kms' && !e.LOG_SIGNING_KEY_ARN)
      throw new Error('LOG_SIGNING_KEY_ARN is not set');
    transparency = {
      transparencyLog: new DynamoTransparencyLogStore(),
      logOrigin: e.LOG_ORIGIN,
      logSigner:
        e.SIGNING_BACKEND === 'kms'
          ? kmsNoteSigner(e.LOG_SIGNING_KEY_ARN!, e.LOG_ORIGIN)
          : localNoteSigner(keyDir(), e.LOG_ORIGIN),
      logPublisher: e.LOG_BUCKET ? new S3LogPublisher(e.LOG_BUCKET) : noLogPublisher,
    };
  }
  return transparency;
}

let store: Pick<Deps, 'transparencyLog'> | undefined;

/** Only the log store: the proof and tile readers sign nothing. */
export function logStorePorts(): Pick<Deps, 'transparencyLog'> {
  store ??= { transparencyLog: new DynamoTransparencyLogStore() };
  return store;
}

import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionAccess } from '../../infra/function-access.js';
import { registryStreamReader } from '../../shared/topology.js';
import {
  actionsOf,
  type DeployedFunction,
  deployedFunctions,
  flatten,
  registryApp,
  resourcesOfType,
  templateOf,
} from './support.js';

let functions: DeployedFunction[];
let stateful: Template;
let consumers: Template;

beforeAll(() => {
  const built = registryApp();
  functions = deployedFunctions(built.app);
  stateful = templateOf(built.stacks.stateful);
  consumers = templateOf(built.stacks.consumers);
});

const fnNamed = (name: string) => functions.find((f) => f.name === name)!;
const kmsActions = (fn: DeployedFunction) =>
  fn.statements.flatMap(actionsOf).filter((a) => a === 'kms:Sign' || a === 'kms:GetPublicKey');

describe('signing keys, the log bucket and its distribution', () => {
  it('keeps a P-256 attestation key and an Ed25519 log key in KMS, retained on delete', () => {
    const keys = Object.values(resourcesOfType(stateful, 'AWS::KMS::Key')).filter(
      (k) => k.Properties!.KeyUsage === 'SIGN_VERIFY',
    );
    expect(keys.map((k) => k.Properties!.KeySpec).sort()).toEqual(['ECC_NIST_EDWARDS25519', 'ECC_NIST_P256']);
    for (const k of keys) expect(k.DeletionPolicy).toBe('Retain');
  });

  it('serves a private, TLS-only bucket through CloudFront with origin access control', () => {
    const bucket = Object.values(resourcesOfType(stateful, 'AWS::S3::Bucket'))[0]!;
    expect(bucket.Properties!.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(Object.keys(resourcesOfType(stateful, 'AWS::CloudFront::OriginAccessControl'))).toHaveLength(1);
    const dist = Object.values(resourcesOfType(stateful, 'AWS::CloudFront::Distribution'))[0]!;
    const config = dist.Properties!.DistributionConfig as { DefaultCacheBehavior: Record<string, unknown> };
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: true,
    });
    const policy = JSON.stringify(resourcesOfType(stateful, 'AWS::S3::BucketPolicy'));
    expect(policy).toContain('cloudfront.amazonaws.com');
    expect(policy).toContain('aws:SecureTransport');
  });
});

describe('who may sign and publish', () => {
  it('lets exactly the signer sign attestations and the key readers read public keys', () => {
    const signers = new Set<string>(functionAccess.attestationSigners);
    const readers = new Set<string>(functionAccess.attestationKeyReaders);
    const writers = new Set<string>(functionAccess.logWriters);
    for (const fn of functions) {
      const actions = kmsActions(fn).sort();
      if (signers.has(fn.name) || writers.has(fn.name))
        expect(actions, fn.name).toEqual(['kms:GetPublicKey', 'kms:Sign']);
      else if (readers.has(fn.name)) expect(actions, fn.name).toEqual(['kms:GetPublicKey']);
      else expect(actions, fn.name).toEqual([]);
      const kms = signers.has(fn.name) || readers.has(fn.name) || writers.has(fn.name);
      expect(fn.environment.SIGNING_BACKEND, fn.name).toBe(kms ? 'kms' : undefined);
    }
    expect(flatten(fnNamed('get-attestation').environment.ATTESTATION_KEYS)).toMatch(/keyArn/);
  });

  it('lets the log writer put objects under log/ only, and tells it the bucket, key and origin', () => {
    const writer = fnNamed(registryStreamReader);
    const puts = writer.statements.filter((s) => actionsOf(s).includes('s3:PutObject'));
    expect(puts.map((s) => flatten(s.Resource))).toEqual([
      'arn:{Ref:AWS::Partition}:s3:::bulk-text-registry-dev-log-{Ref:AWS::AccountId}-{Ref:AWS::Region}/log/*',
    ]);
    for (const key of ['LOG_BUCKET', 'LOG_SIGNING_KEY_ARN', 'LOG_ORIGIN'])
      expect(writer.environment[key]).toBeDefined();
    for (const fn of functions.filter((f) => f !== writer)) {
      expect(fn.statements.flatMap(actionsOf), fn.name).not.toContain('s3:PutObject');
    }
  });

  it('feeds the log writer from the table stream, with an on-failure DLQ and alarms', () => {
    const writer = fnNamed(registryStreamReader);
    const mapping = Object.values(resourcesOfType(consumers, 'AWS::Lambda::EventSourceMapping')).find((m) =>
      JSON.stringify(m.Properties!.FunctionName).includes(writer.logicalId),
    )!;
    expect(mapping.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
    });
    expect(JSON.stringify(mapping.Properties!.DestinationConfig)).toContain('OnFailure');
    const alarms = Object.values(resourcesOfType(consumers, 'AWS::CloudWatch::Alarm')).map((a) =>
      String(a.Properties!.AlarmName ?? ''),
    );
    expect(alarms.join(' ')).toMatch(/dispatch-registry-stream-stream-failures/);
    expect(alarms.join(' ')).toMatch(/dispatch-registry-stream-iterator-age/);
  });
});

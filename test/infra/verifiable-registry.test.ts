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
let api: Template;

/** A stage in the middle of a rotation: attestation-2 signs from ROTATION, attestation-1 still verifies. */
const ROTATION = '2026-06-01T00:00:00.000Z';
const ring = [
  { name: 'attestation-1', activatedAt: '1970-01-01T00:00:00.000Z', retiredAt: ROTATION },
  { name: 'attestation-2', activatedAt: ROTATION },
];

beforeAll(() => {
  const built = registryApp({ configure: (c) => ({ ...c, attestationKeys: ring }) });
  functions = deployedFunctions(built.app);
  stateful = templateOf(built.stacks.stateful);
  consumers = templateOf(built.stacks.consumers);
  api = templateOf(built.stacks.api);
});

/** The logical id of the stateful stack's KMS key with this alias (through its import in other stacks). */
function keyIdOfAlias(alias: string): string {
  const found = Object.values(resourcesOfType(stateful, 'AWS::KMS::Alias')).find(
    (a) => a.Properties!.AliasName === `alias/bulk-text-registry-dev-${alias}`,
  );
  return (found!.Properties!.TargetKeyId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
}

const fnNamed = (name: string) => functions.find((f) => f.name === name)!;
const kmsActions = (fn: DeployedFunction) =>
  fn.statements.flatMap(actionsOf).filter((a) => a === 'kms:Sign' || a === 'kms:GetPublicKey');

describe('signing keys, the log bucket and its distribution', () => {
  it('keeps a P-256 KMS key per attestation ring entry and an Ed25519 log key, retained on delete', () => {
    const keys = Object.values(resourcesOfType(stateful, 'AWS::KMS::Key')).filter(
      (k) => k.Properties!.KeyUsage === 'SIGN_VERIFY',
    );
    expect(keys.map((k) => k.Properties!.KeySpec).sort()).toEqual([
      'ECC_NIST_EDWARDS25519',
      'ECC_NIST_P256',
      'ECC_NIST_P256',
    ]);
    for (const k of keys) expect(k.DeletionPolicy).toBe('Retain');
    expect(keyIdOfAlias('attestation-1')).not.toBe(keyIdOfAlias('attestation-2'));
  });

  it('gives the signer and the JWKS every ring key with its instants, oldest first, and KMS access to each', () => {
    for (const name of ['get-attestation', 'get-jwks']) {
      const fn = fnNamed(name);
      const keys = JSON.parse(flatten(fn.environment.ATTESTATION_KEYS));
      // The rebuilt JSON names each key by its cross-stack import; the order and instants are the ring's.
      expect(
        keys.map((k: { activatedAt: string; retiredAt?: string }) => [k.activatedAt, k.retiredAt]),
      ).toEqual([
        ['1970-01-01T00:00:00.000Z', ROTATION],
        [ROTATION, undefined],
      ]);
      const kms = fn.statements.filter((st) => actionsOf(st).some((a) => a.startsWith('kms:')));
      const resources = kms.flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]));
      const imported = resources.map(flatten).join(' ');
      for (const alias of ['attestation-1', 'attestation-2'])
        expect(imported, `${name} on ${alias}`).toContain(keyIdOfAlias(alias));
    }
  });

  it('serves a private, TLS-only bucket through CloudFront with origin access control', () => {
    const bucket = Object.values(resourcesOfType(stateful, 'AWS::S3::Bucket'))[0]!;
    expect(bucket.Properties!.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    // Replaced checkpoints are versions kept for recovery, not forever.
    expect(bucket.Properties!.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties!.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'ExpireReplacedVersions',
          NoncurrentVersionExpiration: { NoncurrentDays: 90 },
          Status: 'Enabled',
        },
      ],
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
    const bucket =
      'arn:{Ref:AWS::Partition}:s3:::bulk-text-registry-dev-log-{Ref:AWS::AccountId}-{Ref:AWS::Region}';
    const s3 = (action: string) =>
      writer.statements.filter((s) => actionsOf(s).includes(action)).map((s) => flatten(s.Resource));
    expect(s3('s3:PutObject')).toEqual([`${bucket}/log/*`]);
    // The checkpoint is written conditionally on the stored one (HEAD: its size and ETag; 404 needs ListBucket).
    expect(s3('s3:GetObject')).toEqual([`${bucket}/log/checkpoint`]);
    const list = writer.statements.filter((s) => actionsOf(s).includes('s3:ListBucket'));
    expect(list.map((s) => [flatten(s.Resource), s.Condition])).toEqual([
      [bucket, { StringEquals: { 's3:prefix': 'log/checkpoint' } }],
    ]);
    for (const key of ['LOG_BUCKET', 'LOG_SIGNING_KEY_ARN', 'LOG_ORIGIN'])
      expect(writer.environment[key]).toBeDefined();
    for (const fn of functions.filter((f) => f !== writer)) {
      expect(fn.statements.flatMap(actionsOf), fn.name).not.toContain('s3:PutObject');
    }
    expect(writer.environment.ATTESTATION_ISSUER).toBeUndefined();
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
    // Checkpointed within 10 s of a change: no batching window, and more than 10 s behind is an alarm.
    expect(mapping.Properties!.MaximumBatchingWindowInSeconds).toBeUndefined();
    const alarms = Object.values(resourcesOfType(consumers, 'AWS::CloudWatch::Alarm'));
    const named = (pattern: RegExp) =>
      alarms.filter((a) => pattern.test(String(a.Properties!.AlarmName ?? '')));
    expect(named(/dispatch-registry-stream-stream-failures/)).toHaveLength(1);
    const lag = named(/dispatch-registry-stream-iterator-age/);
    expect(lag.map((a) => [a.Properties!.MetricName, a.Properties!.Threshold])).toEqual([
      ['IteratorAge', 10_000],
    ]);
  });
});

describe('where the attestations say their keys are', () => {
  it('names as iss the API base URL whose /.well-known/jwks.json is the public JWKS route', () => {
    const restApis = Object.keys(resourcesOfType(api, 'AWS::ApiGateway::RestApi'));
    expect(restApis).toHaveLength(1);
    const restApi = restApis[0]!;
    const iss = flatten(fnNamed('get-attestation').environment.ATTESTATION_ISSUER);
    expect(iss).toBe(`https://{Ref:${restApi}}.execute-api.ap-northeast-2.{Ref:AWS::URLSuffix}/dev`);
    // The stage in the URL is the API's deployed stage.
    const stages = Object.values(resourcesOfType(api, 'AWS::ApiGateway::Stage'));
    expect(stages.map((st) => [flatten(st.Properties!.RestApiId), st.Properties!.StageName])).toEqual([
      [`{Ref:${restApi}}`, 'dev'],
    ]);
    // `<iss>/.well-known/jwks.json` is a GET on that API, open to anyone, served by get-jwks.
    const resources = resourcesOfType(api, 'AWS::ApiGateway::Resource');
    const pathOf = (id: unknown): string => {
      const ref = (id as { Ref?: string }).Ref;
      if (!ref) return '';
      return `${pathOf(resources[ref]!.Properties!.ParentId)}/${resources[ref]!.Properties!.PathPart as string}`;
    };
    const jwks = Object.values(resourcesOfType(api, 'AWS::ApiGateway::Method')).filter(
      (m) =>
        m.Properties!.HttpMethod === 'GET' && pathOf(m.Properties!.ResourceId) === '/.well-known/jwks.json',
    );
    expect(jwks).toHaveLength(1);
    expect(jwks[0]!.Properties).toMatchObject({ AuthorizationType: 'NONE', RestApiId: { Ref: restApi } });
    expect(JSON.stringify(jwks[0]!.Properties!.Integration)).toContain(fnNamed('get-jwks').logicalId);
  });
});

import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { AttestationKeyConfig } from '../config.js';
import type { AppFunction } from './app-function.js';
import { iam5Finding } from './nag.js';

export interface VerifiableRegistryProps {
  namePrefix: string;
  /** The attestation key ring, oldest first (validated with the stage configuration). */
  attestationKeys: readonly AttestationKeyConfig[];
  /** Functions that sign attestations (kms:Sign) and that publish their keys (kms:GetPublicKey). */
  attestationSigners: readonly string[];
  attestationKeyReaders: readonly string[];
  /** The transparency log's writer: signs checkpoints, uploads the checkpoint and tiles. */
  logWriters: readonly string[];
}

/** Account and region make the name globally unique; every stack of a stage shares both. */
export const logBucketName = (namePrefix: string) => `${namePrefix}-log-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

/**
 * Signed attestations and the public transparency log: one ECC_NIST_P256 KMS key per entry of the
 * attestation key ring (ES256; the signer picks the key active at the business instant, the JWKS
 * publishes the ring's current, next and still-relied-on keys), an ECC_NIST_EDWARDS25519 KMS key
 * that signs checkpoints (C2SP Ed25519 signed notes), and a private bucket served only through
 * CloudFront (origin access control) where the log writer puts the checkpoint (cached for
 * seconds) and tiles (immutable).
 */
export class VerifiableRegistry extends Construct {
  /** The ring's KMS keys, by configured name, oldest first. */
  readonly attestationKeys: ReadonlyMap<string, kms.Key>;
  readonly logKey: kms.Key;
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  private readonly props: VerifiableRegistryProps;
  private readonly wired = new Set<string>();

  constructor(scope: Construct, id: string, props: VerifiableRegistryProps) {
    super(scope, id);
    this.props = props;
    this.attestationKeys = new Map(
      props.attestationKeys.map((k) => [
        k.name,
        new kms.Key(this, `AttestationKey-${k.name}`, {
          description: `Signs eligibility attestations (ES256 JWS) from ${k.activatedAt}${k.retiredAt ? ` until ${k.retiredAt}` : ''}`,
          keySpec: kms.KeySpec.ECC_NIST_P256,
          keyUsage: kms.KeyUsage.SIGN_VERIFY,
          alias: `${props.namePrefix}-${k.name}`,
          // A removed ring entry leaves its key in place: schedule its deletion by hand once unused.
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      ]),
    );
    this.logKey = new kms.Key(this, 'LogKey', {
      description: 'Signs transparency log checkpoints (C2SP signed note, Ed25519)',
      keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      alias: `${props.namePrefix}-log`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'LogBucket', {
      // A name the writer's stack can rebuild from its own pseudo parameters (no import in its policy).
      bucketName: logBucketName(props.namePrefix),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      // Each checkpoint replaces the last, seconds apart: replaced versions are kept 90 days (to
      // recover from a bad write), then expire rather than pile up. Tiles are written once.
      lifecycleRules: [{ id: 'ExpireReplacedVersions', noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.distribution = new cloudfront.Distribution(this, 'LogDistribution', {
      comment: 'The public transparency log: checkpoint and tiles',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        // The writer sets Cache-Control: seconds for the checkpoint, a year (immutable) for tiles.
        cachePolicy: cloudfront.CachePolicy.USE_ORIGIN_CACHE_CONTROL_HEADERS,
        compress: true,
      },
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the public transparency log (no personal data), written by one function and read only through CloudFront; object-level access logs would add nothing an auditor needs.',
    });
    for (const [id, reason] of [
      ['AwsSolutions-CFR1', 'The transparency log is public by design: anyone anywhere may audit it.'],
      [
        'AwsSolutions-CFR2',
        'Static, public, immutable objects behind CloudFront caching; a web ACL would protect nothing the cache does not.',
      ],
      [
        'AwsSolutions-CFR3',
        'The log is public data; request logs of who reads it are not kept (they would only collect readers’ addresses).',
      ],
      [
        'AwsSolutions-CFR4',
        'Served on the default cloudfront.net certificate, which does not allow choosing the minimum TLS version; a custom domain with TLSv1.2_2021 is a deployment choice.',
      ],
    ] as const) {
      Validations.of(this.distribution).acknowledge({ id, reason });
    }
  }

  /** The log's base URL: the verifier's `--url`; also the checkpoint origin without the scheme. */
  logOrigin(): string {
    return `${this.distribution.distributionDomainName}/log`;
  }

  /** What `fnName` does with attestation keys or the log, if anything: KMS and S3 access, environment. */
  grant(fn: AppFunction, fnName: string): void {
    const signs = this.props.attestationSigners.includes(fnName);
    const reads = this.props.attestationKeyReaders.includes(fnName);
    const writesLog = this.props.logWriters.includes(fnName);
    if (!signs && !reads && !writesLog) return;
    fn.function.addEnvironment('SIGNING_BACKEND', 'kms');
    if (signs || reads) {
      const actions = signs ? ['kms:Sign', 'kms:GetPublicKey'] : ['kms:GetPublicKey'];
      const keys = [...this.attestationKeys.values()];
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions, resources: keys.map((k) => k.keyArn) }),
      );
      fn.function.addEnvironment(
        'ATTESTATION_KEYS',
        Stack.of(fn).toJsonString(
          this.props.attestationKeys.map((k) => ({
            keyArn: this.attestationKeys.get(k.name)!.keyArn,
            activatedAt: k.activatedAt,
            ...(k.retiredAt ? { retiredAt: k.retiredAt } : {}),
          })),
        ),
      );
      // ATTESTATION_ISSUER is the API's base URL, where /.well-known/jwks.json is served: the API
      // stack sets it (infra/stacks/api-stack.ts).
    }
    if (writesLog) {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['kms:Sign', 'kms:GetPublicKey'],
          resources: [this.logKey.keyArn],
        }),
      );
      const bucketArn = `arn:${Aws.PARTITION}:s3:::${logBucketName(this.props.namePrefix)}`;
      const objects = `${bucketArn}/log/*`;
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] }),
      );
      // The checkpoint is replaced only by a larger tree: the writer reads the stored one's size and
      // ETag (HEAD), and needs ListBucket on that one key for a missing object to be 404, not 403.
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`${bucketArn}/log/checkpoint`] }),
      );
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [bucketArn],
          conditions: { StringEquals: { 's3:prefix': 'log/checkpoint' } },
        }),
      );
      fn.function.addEnvironment('LOG_BUCKET', this.bucket.bucketName);
      fn.function.addEnvironment('LOG_SIGNING_KEY_ARN', this.logKey.keyArn);
      fn.function.addEnvironment('LOG_ORIGIN', this.logOrigin());
      Validations.of(fn.role).acknowledge({
        id: iam5Finding(Stack.of(fn), objects),
        reason:
          'The log writer puts the checkpoint and tiles, whose names grow with the log, under log/ of the log bucket only.',
      });
    }
    this.wired.add(fnName);
  }
}

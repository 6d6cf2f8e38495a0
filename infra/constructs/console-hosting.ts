import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { repoRoot } from '../local/paths.js';

/** Where `npm run console:build` writes the console (Vite, base `/console/`). */
export const CONSOLE_DIST = join(repoRoot, 'console', 'dist');
const CONSOLE_PREFIX = 'console/';

export interface ConsoleHostingProps {
  stage: string;
  userPool: cognito.IUserPool;
  /** The hosted UI's domain, `<prefix>.auth.<region>.amazoncognito.com`. */
  hostedUiDomain: string;
  accessTokenValidity: Duration;
  /** Built console files; default console/dist. */
  assetDir?: string;
}

/**
 * The console in AWS: its built files in a private S3 bucket read by CloudFront through origin access
 * control, and a Cognito app client for the hosted UI (authorization code with PKCE, no secret). The
 * API admits the console's origin only (`origin`, used for CORS by the API stack). `publish()` uploads
 * the files with the config.json that tells the console where the API and the hosted UI are.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly client: cognito.UserPoolClient;
  /** `https://<distribution domain>`: the only origin the API's CORS names. */
  readonly origin: string;
  private readonly props: ConsoleHostingProps;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.props = props;
    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are written with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the console bucket’s and the CloudFront distribution’s access logs; logging it to itself would loop, and another log bucket would only move the finding.',
    });

    this.bucket = new s3.Bucket(this, 'Files', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      // Build output: reproducible from the repository, so it goes with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const indexRewrite = new cloudfront.Function(this, 'IndexRewrite', {
      comment: 'Serves /console/index.html for /console/ and redirects / to the console',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var r = event.request;',
          "  if (r.uri === '/' || r.uri === '/console') {",
          "    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/console/' } } };",
          '  }',
          "  if (r.uri.endsWith('/')) r.uri += 'index.html';",
          '  return r;',
          '}',
        ].join('\n'),
      ),
    });
    const region = Stack.of(this).region;
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API and the hosted UI's token endpoint are the only other places the console talks to.
          contentSecurityPolicy: `default-src 'self'; connect-src 'self' https://*.execute-api.${region}.amazonaws.com https://${props.hostedUiDomain}; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'`,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `bulk-text registry console (${props.stage})`,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // index.html and config.json are tiny and must never be stale.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: headers,
        functionAssociations: [
          { function: indexRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        // Content-hashed file names: cached for good.
        [`${CONSOLE_PREFIX}assets/*`]: {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: headers,
        },
      },
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The console is for Korean resellers, relays, KCUP staff and regulators, some of whom work abroad; access is controlled by Cognito sign-in, not geography.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves static files only; every API call goes to the API, which has its own WAF web ACL. A CloudFront web ACL must live in us-east-1 and would guard nothing sensitive here.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain is configured yet, so viewers get the default *.cloudfront.net certificate, with which CloudFront does not let the minimum TLS version be set; minimumProtocolVersion TLSv1.2_2021 applies as soon as a domain and certificate are added.',
      },
    );
    this.origin = `https://${this.distribution.distributionDomainName}`;

    const consoleUrl = `${this.origin}/${CONSOLE_PREFIX}`;
    this.client = new cognito.UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: `console-${props.stage}`,
      // A browser app cannot keep a secret: authorization code with PKCE (S256) instead.
      generateSecret: false,
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        // COGNITO_ADMIN is `aws.cognito.signin.user.admin`, the scope the API admits people by.
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.COGNITO_ADMIN],
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('brn', 'relay_id'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      accessTokenValidity: props.accessTokenValidity,
      idTokenValidity: props.accessTokenValidity,
      refreshTokenValidity: Duration.hours(12),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });
    // Managed login (v2) pages show nothing for a client without a style: Cognito's default one.
    new cognito.CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }

  /** Uploads the built console and its config.json (API URL, hosted UI), then invalidates the cache. */
  publish(apiUrl: string): s3deploy.BucketDeployment {
    const dir = this.props.assetDir ?? CONSOLE_DIST;
    if (!existsSync(join(dir, 'index.html'))) {
      throw new Error(`${dir} has no built console: run \`npm run console:build\` before synth`);
    }
    const consoleUrl = `${this.origin}/${CONSOLE_PREFIX}`;
    const deployment = new s3deploy.BucketDeployment(this, 'Publish', {
      sources: [
        s3deploy.Source.asset(dir),
        s3deploy.Source.jsonData('config.json', {
          apiBase: apiUrl,
          auth: {
            mode: 'cognito',
            domain: this.props.hostedUiDomain,
            clientId: this.client.userPoolClientId,
            redirectUri: consoleUrl,
            logoutUri: consoleUrl,
          },
        }),
      ],
      destinationBucket: this.bucket,
      destinationKeyPrefix: CONSOLE_PREFIX,
      distribution: this.distribution,
      distributionPaths: [`/${CONSOLE_PREFIX}*`],
      memoryLimit: 256,
    });
    acknowledgeDeploymentHandler(Stack.of(this), deployment, this.bucket);
    return deployment;
  }
}

/**
 * CDK's BucketDeployment runs a provider Lambda (one per stack) that CDK maintains: its managed
 * execution policy, its wildcards over the asset bucket's and the console bucket's objects, and its
 * bundled runtime are CDK's. cdk-nag names each finding exactly, so they are listed one by one.
 */
function acknowledgeDeploymentHandler(
  stack: Stack,
  deployment: s3deploy.BucketDeployment,
  bucket: s3.Bucket,
) {
  const handler = stack.node.children.find((c: IConstruct) =>
    c.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  const reason =
    'CDK’s BucketDeployment provider (aws-s3-deployment), run only at deploy time: it copies the built console from the CDK asset bucket into the console bucket and invalidates CloudFront; its policy, object wildcards (prefix copies) and runtime are maintained by CDK.';
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const bucketId = stack.getLogicalId(bucket.node.defaultChild as CfnElement);
  const ids = [
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
      (a) => `AwsSolutions-IAM5[Action::${a}]`,
    ),
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${stack.region}/*]`,
    `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-L1',
  ];
  for (const scope of [deployment.handlerRole, handler].filter((x): x is IConstruct => x !== undefined)) {
    Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
  }
}

import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { registryApp, resourcesOfType, templateOf } from './support.js';

/** The console in AWS: private bucket behind CloudFront (OAC), a PKCE app client, CORS for its origin only. */
let api: ReturnType<typeof templateOf>;
beforeAll(() => {
  api = templateOf(registryApp().stacks.api);
});

describe('console hosting', () => {
  it('keeps the files in a private, TLS-only bucket that only CloudFront reads, through origin access control', () => {
    api.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/' }),
    });
    api.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const distribution = Object.values(resourcesOfType(api, 'AWS::CloudFront::Distribution'))[0]!;
    const config = distribution.Properties!.DistributionConfig as {
      Origins: { OriginAccessControlId?: unknown; S3OriginConfig?: { OriginAccessIdentity?: string } }[];
      DefaultCacheBehavior: { ViewerProtocolPolicy: string };
      Logging?: unknown;
    };
    expect(config.Origins[0]!.OriginAccessControlId).toBeDefined();
    expect(config.Origins[0]!.S3OriginConfig?.OriginAccessIdentity ?? '').toBe('');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Logging).toBeDefined();
    api.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: Match.anyValue() }),
          }),
        ]),
      },
    });
  });

  it('signs people in with the hosted UI: authorization code (PKCE) for a public client, back to the console', () => {
    const clients = Object.values(resourcesOfType(api, 'AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const p = clients[0]!.Properties as Record<string, unknown>;
    expect(p.AllowedOAuthFlows).toEqual(['code']);
    expect(p.GenerateSecret).toBe(false);
    expect(p.AllowedOAuthScopes).toEqual(expect.arrayContaining(['openid', 'aws.cognito.signin.user.admin']));
    expect(JSON.stringify(p.CallbackURLs)).toContain('DomainName');
    expect(JSON.stringify(p.CallbackURLs)).toContain('/console/');
  });

  it('publishes the built files with a config.json naming the API and the hosted UI', () => {
    const deployments = Object.values(resourcesOfType(api, 'Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(1);
    const p = deployments[0]!.Properties as {
      DestinationBucketKeyPrefix: string;
      DistributionPaths: string[];
    };
    expect(p.DestinationBucketKeyPrefix).toBe('console/');
    expect(p.DistributionPaths).toEqual(['/console/*']);
  });

  it('opens the API’s CORS to the console’s origin only: preflights, handler answers and gateway problems', () => {
    const options = Object.values(resourcesOfType(api, 'AWS::ApiGateway::Method')).filter(
      (m) => m.Properties!.HttpMethod === 'OPTIONS',
    );
    expect(options.length).toBeGreaterThan(10);
    for (const m of options) {
      const integration = m.Properties!.Integration as {
        IntegrationResponses: { ResponseParameters: Record<string, unknown> }[];
      };
      const allowed = JSON.stringify(
        integration.IntegrationResponses[0]!.ResponseParameters[
          'method.response.header.Access-Control-Allow-Origin'
        ],
      );
      expect(allowed).toContain('DomainName');
      expect(allowed).not.toContain("'*'");
    }
    const functions = Object.values(resourcesOfType(api, 'AWS::Lambda::Function')).filter(
      (f) =>
        (f.Properties!.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
          ?.TABLE_NAME,
    );
    expect(functions.length).toBeGreaterThan(10);
    for (const f of functions) {
      const vars = (f.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(JSON.stringify(vars.CORS_ALLOW_ORIGIN)).toContain('DomainName');
    }
    api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.Access-Control-Allow-Origin': Match.anyValue(),
      }),
    });
  });
});

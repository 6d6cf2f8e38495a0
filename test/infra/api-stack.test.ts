import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StageConfig } from '../../infra/config.js';
import { PROBLEM_RESPONSES } from '../../infra/constructs/gateway-responses.js';
import { authorizationScopes } from '../../infra/constructs/http-api.js';
import { contentLengthAboveRegex } from '../../infra/constructs/web-acl.js';
import { MAX_BODY_BYTES } from '../../shared/http/http-handler.js';
import { deployedRoutes, type RouteDef, routeList, routes } from '../../shared/http/routes.js';
import { flatten, type Resources, registryApp, resourcesOfType, templateOf } from './support.js';

let template: Template;
let config: StageConfig;
let methods: Resources;
let resources: Resources;
let functions: Resources;

beforeAll(() => {
  const built = registryApp();
  config = built.config;
  template = templateOf(built.stacks.api);
  // The console's CORS preflights (OPTIONS mocks) and its file publisher are tested in console-hosting.test.ts.
  methods = Object.fromEntries(
    Object.entries(resourcesOfType(template, 'AWS::ApiGateway::Method')).filter(
      ([, m]) => m.Properties!.HttpMethod !== 'OPTIONS',
    ),
  );
  resources = resourcesOfType(template, 'AWS::ApiGateway::Resource');
  functions = Object.fromEntries(
    Object.entries(resourcesOfType(template, 'AWS::Lambda::Function')).filter(
      ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
    ),
  );
});

/** Full path of an API Gateway resource, rebuilt from the parent chain. */
function pathOf(resourceId: unknown): string {
  const ref = (resourceId as { Ref?: string }).Ref;
  if (!ref) return ''; // the root resource (Fn::GetAtt RootResourceId)
  const r = resources[ref]!;
  return `${pathOf(r.Properties!.ParentId)}/${r.Properties!.PathPart as string}`;
}

function methodFor(route: RouteDef) {
  return Object.values(methods).find(
    (m) => m.Properties!.HttpMethod === route.method && pathOf(m.Properties!.ResourceId) === route.path,
  );
}

describe('REST API generated from the route table', () => {
  it('has exactly one method per deployed route', () => {
    expect(Object.keys(methods)).toHaveLength(deployedRoutes.length);
    for (const route of deployedRoutes)
      expect(methodFor(route), `${route.method} ${route.path}`).toBeDefined();
  });

  it('does not deploy local-only routes such as POST /_local/clock', () => {
    const local = routeList.filter((r) => r.localOnly);
    expect(local.map((r) => r.path)).toContain('/_local/clock');
    for (const route of local) expect(methodFor(route)).toBeUndefined();
    expect(Object.values(resources).map((r) => r.Properties!.PathPart)).not.toContain('_local');
    expect(JSON.stringify(functions)).not.toContain('set-local-clock');
  });

  it('leaves public routes without authorizer and protects the others with the Cognito authorizer', () => {
    const authorizers = resourcesOfType(template, 'AWS::ApiGateway::Authorizer');
    const [authorizerId] = Object.keys(authorizers);
    expect(Object.values(authorizers)[0]!.Properties!.Type).toBe('COGNITO_USER_POOLS');
    for (const route of deployedRoutes) {
      const props = methodFor(route)!.Properties!;
      if (route.auth === 'public') {
        expect(props.AuthorizationType, route.path).toBe('NONE');
        expect(props.AuthorizerId).toBeUndefined();
      } else {
        expect(props.AuthorizationType, route.path).toBe('COGNITO_USER_POOLS');
        expect(props.AuthorizerId).toEqual({ Ref: authorizerId });
        expect(props.AuthorizationScopes).toEqual(authorizationScopes(route.auth));
      }
    }
    expect(deployedRoutes.filter((r) => r.auth === 'public').map((r) => r.path)).toEqual([
      '/health',
      '/openapi.json',
      '/.well-known/jwks.json',
      '/v1/log/inclusion',
      '/v1/log/consistency',
    ]);
  });

  it('admits people on every protected route and machine scopes only where their role may call', () => {
    expect(authorizationScopes(['reseller'])).toEqual(['aws.cognito.signin.user.admin']);
    expect(authorizationScopes(['relay', 'admin'])).toEqual([
      'aws.cognito.signin.user.admin',
      'registry/relay',
    ]);
    expect(authorizationScopes(['monitor', 'relay'])).toEqual([
      'aws.cognito.signin.user.admin',
      'registry/relay',
      'registry/monitor',
    ]);
  });

  it('validates required path parameters on every method through one parameters-only validator', () => {
    const validators = resourcesOfType(template, 'AWS::ApiGateway::RequestValidator');
    const [validatorId, validator] = Object.entries(validators)[0]!;
    expect(validator.Properties).toMatchObject({
      ValidateRequestParameters: true,
      ValidateRequestBody: false,
    });
    for (const route of deployedRoutes) {
      const props = methodFor(route)!.Properties!;
      expect(props.RequestValidatorId).toEqual({ Ref: validatorId });
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => `method.request.path.${m[1]}`);
      // A cached route also names the Authorization header: it is part of the cache key.
      if (route.cache) params.push('method.request.header.Authorization');
      expect(Object.keys((props.RequestParameters as object | undefined) ?? {})).toEqual(params);
    }
  });

  it('logs access as JSON, traces, and throttles the stage', () => {
    const stage = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Stage'))[0]!.Properties!;
    expect(stage.StageName).toBe(config.stage);
    expect(stage.TracingEnabled).toBe(true);
    const format = (stage.AccessLogSetting as { Format: string }).Format;
    expect(JSON.parse(format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(stage.MethodSettings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          ThrottlingRateLimit: config.api.throttlingRateLimit,
          ThrottlingBurstLimit: config.api.throttlingBurstLimit,
        }),
      ]),
    );
  });
});

describe('gateway responses', () => {
  const responses = () => Object.values(resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse'));

  it('covers the gateway errors clients meet: auth, throttling, size, unknown routes, defaults', () => {
    const types = responses().map((r) => r.Properties!.ResponseType);
    for (const t of [
      'DEFAULT_4XX',
      'DEFAULT_5XX',
      'UNAUTHORIZED',
      'ACCESS_DENIED',
      'EXPIRED_TOKEN',
      'MISSING_AUTHENTICATION_TOKEN',
      'REQUEST_TOO_LARGE',
      'THROTTLED',
      'WAF_FILTERED',
      'INTEGRATION_TIMEOUT',
    ]) {
      expect(types).toContain(t);
    }
    expect(types).toHaveLength(PROBLEM_RESPONSES.length);
  });

  it('answers each with an application/problem+json RFC 9457 body whose status matches the response', () => {
    for (const r of responses()) {
      const props = r.Properties!;
      expect(props.ResponseParameters).toMatchObject({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
      });
      const template = (props.ResponseTemplates as Record<string, string>)['application/json']!;
      // The gateway substitutes its message, already a quoted JSON string.
      const body = JSON.parse(template.replace('$context.error.messageString', '"gateway message"'));
      expect(Object.keys(body).sort()).toEqual(['detail', 'status', 'title', 'type']);
      expect(body.type).toMatch(/^https:\/\//);
      expect(typeof body.title).toBe('string');
      expect(typeof body.detail).toBe('string');
      expect(String(body.status)).toBe(props.StatusCode);
    }
  });

  it('turns unknown routes into 404 and a missing token into 401', () => {
    const byType = Object.fromEntries(
      responses().map((r) => [r.Properties!.ResponseType, r.Properties!.StatusCode]),
    );
    expect(byType.MISSING_AUTHENTICATION_TOKEN).toBe('404');
    expect(byType.UNAUTHORIZED).toBe('401');
    expect(byType.REQUEST_TOO_LARGE).toBe('413');
    expect(byType.THROTTLED).toBe('429');
  });
});

describe('route functions', () => {
  // A function serving several routes lists them all in its description.
  const fnOf = (route: RouteDef) =>
    Object.entries(functions).find(([, f]) =>
      (f.Properties!.Description as string).split(', ').includes(`${route.method} ${route.path}`),
    );

  const statementsOf = (functionId: string) => {
    const fn = functions[functionId]!;
    const roleRef = (fn.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).filter((p) =>
      (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleRef),
    );
    return policies.flatMap(
      (p) =>
        (p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
          .Statement,
    );
  };
  const tableStatements = (functionId: string, exportFragment: string) =>
    statementsOf(functionId).filter((s) => JSON.stringify(s.Resource).includes(exportFragment));

  it('creates one function per distinct route function, each running Node.js 24 on arm64', () => {
    const names = new Set(deployedRoutes.map((r) => r.function));
    expect(Object.keys(functions)).toHaveLength(names.size);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      expect(fn.Properties!.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties!.LoggingConfig).toMatchObject({ LogFormat: 'JSON' });
    }
  });

  it('sets the environment shared/config/env.ts requires, with MACHINE_CLIENTS mapping every machine client', () => {
    for (const route of deployedRoutes) {
      const [, fn] = fnOf(route)!;
      const vars = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(vars)).toEqual(
        expect.arrayContaining([
          'TABLE_NAME',
          'IDEMPOTENCY_TABLE_NAME',
          'STAGE',
          'POWERTOOLS_SERVICE_NAME',
          'MACHINE_CLIENTS',
        ]),
      );
      expect(vars.STAGE).toBe(config.stage);
      const clients = JSON.parse(flatten(vars.MACHINE_CLIENTS)) as Record<
        string,
        { role: string; relayId?: string }
      >;
      expect(Object.values(clients)).toEqual(
        config.machineClients.map((c) =>
          c.relayId ? { role: c.role, relayId: c.relayId } : { role: c.role },
        ),
      );
      for (const key of Object.keys(clients)) expect(key).toMatch(/^\{ImportValue:.*Machine/);
    }
  });

  it('grants registry table access exactly as each route declares it', () => {
    for (const route of deployedRoutes) {
      const [id] = fnOf(route)!;
      const actions = tableStatements(id, 'RegistryTable').flatMap((s) => s.Action);
      if (route.table === 'none') expect(actions, route.path).toEqual([]);
      if (route.table !== 'none') expect(actions).toContain('dynamodb:Query');
      const writes = actions.some((a) => a === 'dynamodb:PutItem' || a === 'dynamodb:UpdateItem');
      expect(writes, `${route.operationId} writes`).toBe(route.table === 'readwrite');
    }
  });

  it('names the GSIs instead of an index wildcard', () => {
    const resources = JSON.stringify(Object.values(resourcesOfType(template, 'AWS::IAM::Policy')));
    expect(resources).toContain('/index/GSI1');
    expect(resources).not.toContain('/index/*');
  });

  it('gives read/write on the idempotency table to idempotent routes only', () => {
    for (const route of deployedRoutes) {
      const [id] = fnOf(route)!;
      const actions = tableStatements(id, 'IdempotencyTable').flatMap((s) => s.Action);
      if (route.idempotent)
        expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem']));
      else expect(actions, route.operationId).toEqual([]);
    }
  });
});

describe('web ACL', () => {
  it('is regional, associated with the API stage, and rate-limits per IP', () => {
    const acl = Object.entries(resourcesOfType(template, 'AWS::WAFv2::WebACL'));
    expect(acl).toHaveLength(1);
    const [aclId, { Properties: props }] = acl[0]!;
    expect(props!.Scope).toBe('REGIONAL');
    const [stageId] = Object.keys(resourcesOfType(template, 'AWS::ApiGateway::Stage'));
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
    });
    const association = Object.values(resourcesOfType(template, 'AWS::WAFv2::WebACLAssociation'))[0]!;
    expect(flatten(association.Properties!.ResourceArn)).toContain(`/stages/{Ref:${stageId}}`);
    const rules = props!.Rules as { Name: string; Statement: Record<string, unknown>; Action?: unknown }[];
    const rate = rules.find((r) => 'RateBasedStatement' in r.Statement)!;
    expect(rate.Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      Limit: config.waf.requestsPer5MinutesPerIp,
    });
    expect(rate.Action).toMatchObject({ Block: { CustomResponse: { ResponseCode: 429 } } });
  });

  it('blocks declared bodies over 1 MiB with 413 and keeps the managed rules from blocking smaller bodies', () => {
    const props = Object.values(resourcesOfType(template, 'AWS::WAFv2::WebACL'))[0]!.Properties!;
    const rules = props.Rules as {
      Name: string;
      Statement: Record<string, Record<string, unknown>>;
      Action?: unknown;
    }[];
    const size = rules.find((r) => r.Name === 'body-too-large')!;
    expect(size.Statement.RegexMatchStatement).toMatchObject({
      FieldToMatch: { SingleHeader: { Name: 'content-length' } },
      RegexString: contentLengthAboveRegex(MAX_BODY_BYTES),
    });
    expect(size.Action).toMatchObject({ Block: { CustomResponse: { ResponseCode: 413 } } });
    const common = rules.find((r) => r.Name === 'aws-common')!;
    expect(common.Statement.ManagedRuleGroupStatement).toMatchObject({
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
    });
  });

  it('uses the same 1 MiB limit as the handlers', () => {
    expect(config.waf.maxBodyBytes).toBe(MAX_BODY_BYTES);
  });

  it('matches exactly the Content-Length values above the limit', () => {
    const re = new RegExp(contentLengthAboveRegex(MAX_BODY_BYTES));
    const limit = MAX_BODY_BYTES;
    const samples = [
      0,
      1,
      9,
      10,
      999_999,
      1_000_000,
      limit - 1,
      limit,
      limit + 1,
      limit + 9,
      limit + 10,
      1_048_600,
    ];
    for (const n of [
      ...samples,
      1_049_000,
      1_099_999,
      1_100_000,
      2_000_000,
      9_999_999,
      10_000_000,
      123_456_789,
    ]) {
      expect(re.test(String(n)), String(n)).toBe(n > limit);
      expect(re.test(`00${n}`), `00${n}`).toBe(n > limit);
    }
    // Every value around the limit, both sides.
    for (let n = limit - 2000; n <= limit + 2000; n++) expect(re.test(String(n))).toBe(n > limit);
    for (const junk of ['', 'abc', '1048577 ', '-1048577', '1e9']) expect(re.test(junk), junk).toBe(false);
  });

  it('logs to an aws-waf-logs- group with the Authorization header redacted', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }],
    });
    const groups = Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup')).map(
      (g) => g.Properties!.LogGroupName,
    );
    expect(groups).toContain(`aws-waf-logs-${config.appName}-${config.stage}-api`);
  });
});

describe('the method cache of the relays’ hot path', () => {
  it('caches GET eligibility for 2 s, encrypted, keyed by the brn and the caller’s token', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      CacheClusterEnabled: true,
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          ResourcePath: '/~1v1~1resellers~1{brn}~1eligibility',
          HttpMethod: 'GET',
          CachingEnabled: true,
          CacheTtlInSeconds: 2,
          CacheDataEncrypted: true,
        }),
      ]),
    });
    const method = methodFor(routes.getEligibility)!;
    expect(method.Properties!.RequestParameters).toEqual({
      'method.request.path.brn': true,
      'method.request.header.Authorization': true,
    });
    expect((method.Properties!.Integration as { CacheKeyParameters: string[] }).CacheKeyParameters).toEqual([
      'method.request.path.brn',
      'method.request.header.Authorization',
    ]);
  });

  it('caches no other route', () => {
    for (const route of deployedRoutes.filter((r) => r !== routes.getEligibility)) {
      expect(methodFor(route)!.Properties!.Integration).not.toHaveProperty('CacheKeyParameters');
    }
  });
});

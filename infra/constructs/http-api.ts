import { Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Role } from '../../shared/domain/core/principal.js';
import type { RouteDef } from '../../shared/http/routes.js';
import { MIN_COMPRESSION_BYTES } from '../../shared/http/wire.js';
import { MACHINE_ROLES } from '../config.js';
import { addProblemResponses } from './gateway-responses.js';
import { machineScope, PEOPLE_SCOPE } from './user-directory.js';

/**
 * OAuth scopes a method accepts, from the roles of its route.
 *
 * A Cognito authorizer on a REST method either validates ID tokens (no scopes configured) or access
 * tokens carrying one of the configured scopes; never both. Client-credentials systems only get
 * access tokens, so every authenticated method authorises access tokens:
 *  - people: `aws.cognito.signin.user.admin`, present in every user access token; their roles are
 *    `cognito:groups` (also in access tokens) and `custom:brn`/`custom:relay_id` are copied in by
 *    the pre token generation trigger. The handler checks the route's roles.
 *  - systems: `registry/<role>` for each machine role the route admits, so a relay or monitor
 *    client is turned away at the gateway from every route its role may not call.
 */
export function authorizationScopes(auth: readonly Role[]): string[] {
  return [PEOPLE_SCOPE, ...MACHINE_ROLES.filter((r) => auth.includes(r)).map(machineScope)];
}

/** `{applicationId}` segments become required path parameters, checked by the request validator. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!);
}

export interface HttpApiProps {
  stage: string;
  routes: readonly RouteDef[];
  handlerFor: (route: RouteDef) => lambda.IFunction;
  userPool: cognito.IUserPool;
  throttlingRateLimit: number;
  throttlingBurstLimit: number;
  logRetention: logs.RetentionDays;
  /** The console's origin: the one origin CORS admits (preflights answered by the gateway). */
  corsOrigin?: string;
}

/**
 * The REST API, generated from the route table (shared/http/routes.ts) so it cannot drift from the
 * local gateway or the OpenAPI document. REST (v1) rather than HTTP API for the WAF association.
 */
export class HttpApi extends Construct {
  readonly api: apigw.RestApi;
  /**
   * `https://<api id>.execute-api.<region>.<suffix>/<stage>`, without a trailing slash: what
   * `api.url` is, built from the API id and the stage name rather than the stage resource, so a
   * function behind this API may carry it (the stage depends on every method, hence on them).
   */
  readonly baseUrl: string;
  readonly accessLogs: logs.LogGroup;
  readonly methods: ReadonlyMap<RouteDef, apigw.Method>;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention });

    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: `bulk-text-registry-${props.stage}`,
      description: 'Korean bulk-text reseller registry',
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      // Bodies of 1 KB or more (the registry snapshot, ~2.6 MB for 10,000 resellers) are gzipped
      // for clients that send Accept-Encoding; the local gateway plays the same rule.
      minCompressionSize: Size.bytes(MIN_COMPRESSION_BYTES),
      ...(props.corsOrigin
        ? {
            defaultCorsPreflightOptions: {
              allowOrigins: [props.corsOrigin],
              allowMethods: ['GET', 'POST', 'PUT'],
              allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-None-Match'],
              exposeHeaders: ['ETag'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
      // The account-level role that lets API Gateway write execution logs (see the IAM4 note below).
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stage,
        tracingEnabled: true,
        // Execution logs for errors only; never request/response bodies (personal data, tokens).
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: props.throttlingRateLimit,
        throttlingBurstLimit: props.throttlingBurstLimit,
        // The method cache of routes that declare one (the relays' hot read path), encrypted.
        ...(props.routes.some((r) => r.cache)
          ? {
              cacheClusterEnabled: true,
              cacheClusterSize: '0.5',
              methodOptions: Object.fromEntries(
                props.routes
                  .filter((r) => r.cache)
                  .map((r) => [
                    `${r.path}/${r.method}`,
                    {
                      cachingEnabled: true,
                      cacheTtl: Duration.seconds(r.cache!.ttlSeconds),
                      cacheDataEncrypted: true,
                    },
                  ]),
              ),
            }
          : {}),
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            extendedRequestId: '$context.extendedRequestId',
            requestTime: '$context.requestTimeEpoch',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            method: '$context.httpMethod',
            resourcePath: '$context.resourcePath',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationStatus: '$context.integration.status',
            errorType: '$context.error.responseType',
            errorMessage: '$context.error.message',
            authorizerError: '$context.authorizer.error',
            clientId: '$context.authorizer.claims.client_id',
            wafStatus: '$context.waf.status',
            xrayTraceId: '$context.xrayTraceId',
          }),
        ),
      },
    });
    const stack = Stack.of(this);
    this.baseUrl = `https://${this.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${props.stage}`;
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The API Gateway account role for execution logging; AWS maintains this service-role policy and API Gateway needs it to create log groups named after each API stage.',
    });
    addProblemResponses(this.api, props.corsOrigin);

    const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      identitySource: apigw.IdentitySource.header('Authorization'),
    });
    // Required path parameters only: bodies and query strings are validated by the handlers with zod,
    // which names the offending field in the problem document as the contract requires (400 problems list each `{path, message}`);
    // an API Gateway model would answer with its own unnamed error instead.
    const validator = this.api.addRequestValidator('ParametersValidator', {
      requestValidatorName: 'parameters-only',
      validateRequestParameters: true,
      validateRequestBody: false,
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'A parameters-only validator is attached to every method; bodies are validated in the Lambda handlers with zod so a 400 problem document can name each invalid field (a 400 lists every path and message), which API Gateway models cannot.',
    });

    const integrations = new Map<lambda.IFunction, apigw.LambdaIntegration>();
    const methods = new Map<RouteDef, apigw.Method>();
    for (const route of props.routes) {
      if (route.localOnly) throw new Error(`${route.operationId} is local-only and must not be deployed`);
      const fn = props.handlerFor(route);
      let integration = integrations.get(fn);
      if (!integration) {
        // No test-invoke permission: one Lambda permission per method, not two.
        integration = new apigw.LambdaIntegration(fn, {
          proxy: true,
          allowTestInvoke: false,
          // Cached answers are keyed by every path parameter and the caller's token: nobody is
          // ever served another caller's answer.
          ...(route.cache
            ? {
                cacheKeyParameters: [
                  ...pathParameters(route.path).map((p) => `method.request.path.${p}`),
                  'method.request.header.Authorization',
                ],
              }
            : {}),
        });
        integrations.set(fn, integration);
      }
      const requestParameters = Object.fromEntries([
        ...pathParameters(route.path).map((p) => [`method.request.path.${p}`, true] as const),
        ...(route.cache ? [['method.request.header.Authorization', true] as const] : []),
      ]);
      const common: apigw.MethodOptions = {
        operationName: route.operationId,
        requestValidator: validator,
        requestParameters,
      };
      const resource = this.api.root.resourceForPath(route.path);
      if (route.auth === 'public') {
        const method = resource.addMethod(route.method, integration, {
          ...common,
          authorizationType: apigw.AuthorizationType.NONE,
        });
        acknowledgePublic(method, route);
        methods.set(route, method);
      } else {
        methods.set(
          route,
          resource.addMethod(route.method, integration, {
            ...common,
            authorizer,
            authorizationType: apigw.AuthorizationType.COGNITO,
            authorizationScopes: authorizationScopes(route.auth),
          }),
        );
      }
    }
    this.methods = methods;
    if (props.corsOrigin) acknowledgePreflights(this.api);
  }
}

/** CORS preflights carry no credentials by design (Fetch standard): the OPTIONS mock methods are open. */
function acknowledgePreflights(api: apigw.RestApi): void {
  const why =
    'A CORS preflight (OPTIONS, answered by an API Gateway mock integration) carries no Authorization header by the Fetch standard, so it cannot be authorised; it returns only the CORS headers naming the console origin, never registry data.';
  for (const method of api.methods.filter((m) => m.httpMethod === 'OPTIONS')) {
    Validations.of(method).acknowledge(
      { id: 'AwsSolutions-APIG4', reason: why },
      { id: 'AwsSolutions-COG4', reason: why },
    );
  }
}

/** Public routes are public by design (health, the OpenAPI document, keys and log proofs); only they carry these acknowledgements. */
function acknowledgePublic(method: apigw.Method, route: RouteDef): void {
  const why = `${route.method} ${route.path} is public by contract (${route.summary}): load balancers, uptime checks and API clients read it before they hold a token; it returns no registry data.`;
  Validations.of(method).acknowledge(
    { id: 'AwsSolutions-APIG4', reason: why },
    { id: 'AwsSolutions-COG4', reason: why },
  );
}

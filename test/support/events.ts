import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { Principal } from '../../shared/domain/core/principal.js';

/** An API Gateway REST proxy event as the Cognito authorizer delivers it (claims as strings). */
export function apiEvent(
  over: {
    method?: string;
    path?: string;
    resource?: string;
    principal?: Principal;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
): APIGatewayProxyEvent {
  const claims = over.principal
    ? {
        sub: over.principal.subject,
        'cognito:groups': over.principal.roles.join(','),
        ...(over.principal.brn ? { 'custom:brn': over.principal.brn } : {}),
        ...(over.principal.relayId ? { 'custom:relay_id': over.principal.relayId } : {}),
      }
    : undefined;
  const body = over.rawBody ?? (over.body === undefined ? null : JSON.stringify(over.body));
  return {
    httpMethod: over.method ?? 'GET',
    path: over.path ?? '/',
    resource: over.resource ?? over.path ?? '/',
    headers: { ...(body !== null ? { 'Content-Type': 'application/json' } : {}), ...over.headers },
    multiValueHeaders: {},
    pathParameters: over.pathParameters ?? null,
    queryStringParameters: over.query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      stage: 'test',
      ...(claims ? { authorizer: { claims } } : {}),
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

export const lambdaContext = {
  awsRequestId: 'req-1',
  functionName: 'test',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

export function testEnv() {
  process.env.TABLE_NAME ??= 'registry-test';
  process.env.IDEMPOTENCY_TABLE_NAME ??= 'idempotency-test';
  process.env.AWS_REGION ??= 'ap-northeast-2';
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
}

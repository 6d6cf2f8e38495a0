import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RouteDef } from '../../../shared/http/routes.js';
import { LOCAL_ACCOUNT_ID } from '../lambda-handlers.js';
import { clfTime } from './dates.js';

/** The REST API's Lambda proxy integration event, built exactly as API Gateway builds it. */

function headerMaps(req: IncomingMessage) {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const nameByLower = new Map<string, string>();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const sent = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    const name = nameByLower.get(sent.toLowerCase()) ?? sent;
    nameByLower.set(sent.toLowerCase(), name);
    headers[name] = value; // API Gateway: the last value in `headers`, all of them in `multiValueHeaders`
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  const addIfMissing = (name: string, value: string) => {
    if (nameByLower.has(name.toLowerCase())) return;
    headers[name] = value;
    multiValueHeaders[name] = [value];
  };
  addIfMissing('X-Forwarded-For', req.socket.remoteAddress ?? '127.0.0.1');
  addIfMissing('X-Forwarded-Port', String(req.socket.localPort ?? ''));
  addIfMissing('X-Forwarded-Proto', 'http');
  return { headers, multiValueHeaders, nameByLower };
}

function queryMaps(rawQuery: string) {
  if (rawQuery === '') return { queryStringParameters: null, multiValueQueryStringParameters: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) {
    single[k] = v;
    multi[k] = [...(multi[k] ?? []), v];
  }
  if (Object.keys(single).length === 0)
    return { queryStringParameters: null, multiValueQueryStringParameters: null };
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

export interface BuildEventInput {
  req: IncomingMessage;
  requestId: string;
  route: RouteDef;
  path: string;
  rawQuery: string;
  pathParameters: Readonly<Record<string, string>> | null;
  body: Buffer | null;
  claims?: Readonly<Record<string, string>>;
  receivedAt: Date;
}

/** Every object in the event is the function's own (path parameters and claims are copied). */
export function buildProxyEvent(input: BuildEventInput): APIGatewayProxyEvent {
  const { req, route } = input;
  const { headers, multiValueHeaders } = headerMaps(req);
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return {
    resource: route.path,
    path: input.path,
    httpMethod: route.method,
    headers,
    multiValueHeaders,
    ...queryMaps(input.rawQuery),
    pathParameters: input.pathParameters ? { ...input.pathParameters } : null,
    stageVariables: null,
    requestContext: {
      resourceId: route.operationId,
      resourcePath: route.path,
      httpMethod: route.method,
      extendedRequestId: input.requestId,
      requestTime: clfTime(input.receivedAt),
      path: input.path,
      accountId: LOCAL_ACCOUNT_ID,
      protocol: `HTTP/${req.httpVersion}`,
      stage: 'local',
      domainPrefix: 'localhost',
      requestTimeEpoch: input.receivedAt.getTime(),
      requestId: input.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: req.headers['user-agent'] ?? null,
        user: null,
        apiKey: null,
        apiKeyId: null,
        clientCert: null,
      },
      domainName: req.headers.host ?? 'localhost',
      apiId: 'local',
      authorizer: input.claims ? { claims: { ...input.claims } } : undefined,
    },
    body: input.body ? input.body.toString('utf8') : null,
    isBase64Encoded: false,
  };
}

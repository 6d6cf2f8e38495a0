import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { problem } from '../../shared/http/problem.js';

/**
 * Errors the gateway answers by itself (the request never reaches a handler): bad or missing token,
 * throttling, oversize bodies, unknown routes, integration failures. Each becomes the same RFC 9457
 * problem document the handlers produce (shared/http/problem.ts), so clients parse one error shape.
 */
interface ProblemResponse {
  type: apigw.ResponseType;
  status: number;
  /** Fixed text; `undefined` uses API Gateway's own message (`$context.error.messageString`). */
  detail?: string;
  /** Titles for statuses the shared helper does not name. */
  title?: string;
}

export const PROBLEM_RESPONSES: readonly ProblemResponse[] = [
  // The defaults catch types not listed below (and any API Gateway adds later); their status is
  // pinned so that the header and the body's `status` always agree.
  { type: apigw.ResponseType.DEFAULT_4XX, status: 400 },
  { type: apigw.ResponseType.DEFAULT_5XX, status: 500 },
  { type: apigw.ResponseType.UNAUTHORIZED, status: 401, detail: 'a valid bearer token is required' },
  // Cognito authorizer: the token is valid but lacks every scope the method accepts.
  { type: apigw.ResponseType.ACCESS_DENIED, status: 403, detail: 'this token may not call this route' },
  {
    type: apigw.ResponseType.INVALID_API_KEY,
    status: 403,
    detail: 'API keys are not used; send a bearer token',
  },
  { type: apigw.ResponseType.EXPIRED_TOKEN, status: 401, detail: 'the bearer token has expired' },
  {
    type: apigw.ResponseType.INVALID_SIGNATURE,
    status: 401,
    detail: 'the bearer token signature is invalid',
  },
  // REST API answers an unknown path or method with 403 "Missing Authentication Token"; it is a 404.
  { type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, status: 404, detail: 'no such route' },
  { type: apigw.ResponseType.RESOURCE_NOT_FOUND, status: 404, detail: 'no such route' },
  { type: apigw.ResponseType.BAD_REQUEST_PARAMETERS, status: 400 },
  { type: apigw.ResponseType.BAD_REQUEST_BODY, status: 400 },
  { type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE, status: 415 },
  { type: apigw.ResponseType.REQUEST_TOO_LARGE, status: 413, detail: 'the request body exceeds 1 MiB' },
  { type: apigw.ResponseType.THROTTLED, status: 429, detail: 'too many requests; retry later' },
  { type: apigw.ResponseType.QUOTA_EXCEEDED, status: 429, detail: 'request quota exceeded; retry later' },
  { type: apigw.ResponseType.WAF_FILTERED, status: 403, detail: 'the request was blocked by the firewall' },
  { type: apigw.ResponseType.INTEGRATION_FAILURE, status: 502, title: 'Bad Gateway' },
  { type: apigw.ResponseType.INTEGRATION_TIMEOUT, status: 504, title: 'Gateway Timeout' },
  { type: apigw.ResponseType.AUTHORIZER_FAILURE, status: 500 },
  { type: apigw.ResponseType.AUTHORIZER_CONFIGURATION_ERROR, status: 500 },
  { type: apigw.ResponseType.API_CONFIGURATION_ERROR, status: 500 },
];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The mapping template: a JSON problem; the detail is either fixed or the gateway's message. */
export function problemTemplate(r: Pick<ProblemResponse, 'status' | 'detail' | 'title'>): string {
  const body = { ...problem(r.status, r.detail ?? '§DETAIL§'), ...(r.title ? { title: r.title } : {}) };
  const json = JSON.stringify(body);
  // `messageString` is API Gateway's message already JSON-quoted and escaped.
  return r.detail === undefined ? json.replace('"§DETAIL§"', '$context.error.messageString') : json;
}

/** `corsOrigin`: the console may read these problems too (a 401 tells it to sign in again). */
export function addProblemResponses(api: apigw.RestApi, corsOrigin?: string): void {
  for (const r of PROBLEM_RESPONSES) {
    api.addGatewayResponse(`Problem-${r.type.responseType}`, {
      type: r.type,
      statusCode: String(r.status),
      responseHeaders: {
        'Content-Type': `'${PROBLEM_CONTENT_TYPE}'`,
        ...(corsOrigin ? { 'Access-Control-Allow-Origin': `'${corsOrigin}'`, Vary: "'Origin'" } : {}),
      },
      templates: { 'application/json': problemTemplate(r) },
    });
  }
}

import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  DependencyUnavailableError,
  DomainError,
  type FieldError,
  ValidationError,
} from '../domain/core/errors.js';

export { zodFieldErrors } from '../schemas/field-errors.js';

/** RFC 9457 problem responses. Every error leaves the API through here. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const SLUGS: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'throttled',
  500: 'internal',
  503: 'unavailable',
};

export function problem(status: number, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `https://registry.kcup.or.kr/problems/${SLUGS[status] ?? 'error'}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: p.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(p),
  };
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
};

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Errors of an unavailable dependency, by name: DynamoDB throttling (on-demand tables throttle
 * too), SQS, Step Functions and EventBridge Scheduler throttling or service errors, and the SDK's
 * and Node's timeouts and dropped connections.
 */
const UNAVAILABLE_NAMES = new Set([
  'TransientError',
  // throttled
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'KmsThrottled',
  // the service itself
  'InternalServerError',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionInProgressException',
  // timeouts and the network
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);
/** Reasons a DynamoDB transaction was cancelled that say "throttled", not "your data conflicts". */
const THROTTLED_REASONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

/**
 * A dependency (storage, queue, workflow engine) that failed or did not answer in time: the
 * request may succeed later, and left nothing half-written (every multi-item change is one
 * transaction), so the client is told to retry.
 */
export function isDependencyUnavailable(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    CancellationReasons?: { Code?: string }[];
  };
  if (!e || typeof e !== 'object') return false;
  if (error instanceof DependencyUnavailableError) return true;
  if (e.name === 'TransactionCanceledException') {
    return (e.CancellationReasons ?? []).some((r) => THROTTLED_REASONS.has(r?.Code ?? ''));
  }
  return (
    UNAVAILABLE_NAMES.has(e.name ?? '') ||
    UNAVAILABLE_CODES.has(e.code ?? '') ||
    Boolean(e.$retryable) ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500
  );
}

/** The headers that go with a problem: Retry-After on a 503. */
export function problemHeaders(p: Problem): Record<string, string> {
  return p.status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {};
}

/**
 * Maps a thrown error to a problem: a dependency that is unavailable becomes a 503 (with
 * Retry-After, see problemHeaders); unknown errors become a bare 500 that reveals nothing.
 */
export function problemFor(error: unknown): Problem {
  if (error instanceof DomainError) {
    const status = DOMAIN_STATUS[error.kind];
    return problem(status, error.message, error instanceof ValidationError ? error.errors : undefined);
  }
  // middy's own http errors (body parser): expose only the ones meant for clients.
  const e = error as { statusCode?: number; expose?: boolean; message?: string };
  if (typeof e?.statusCode === 'number' && e.statusCode < 500 && e.expose !== false) {
    if (e.statusCode === 422)
      return problem(400, 'the body is not valid JSON', [{ path: 'body', message: 'malformed JSON' }]);
    if (e.statusCode === 415) return problem(415, 'send the body as application/json');
    return problem(e.statusCode, e.message ?? 'request rejected');
  }
  if (isDependencyUnavailable(error)) {
    const detail = error instanceof DependencyUnavailableError ? error.detail : undefined;
    return problem(503, detail ?? 'a service the registry depends on is unavailable; retry shortly');
  }
  return problem(500, 'an unexpected error occurred; it has been logged');
}

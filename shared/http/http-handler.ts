import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod';
import { type CorePorts, coreDeps } from '../adapters/deps.js';
import { env } from '../config/env.js';
import { ForbiddenError, ValidationError } from '../domain/core/errors.js';
import { observability } from '../observability.js';
import type { IdempotencyRunner } from './idempotency.js';
import { logger } from './logger.js';
import { type MachineClient, type Principal, principalFromEvent } from './principal.js';
import { problem, problemFor, problemHeaders, problemResponse, zodFieldErrors } from './problem.js';
import type { RouteDef } from './routes.js';

/** Bodies up to 1 MiB (500 spam reports fit); the gateway enforces it too. */
export const MAX_BODY_BYTES = 1024 * 1024;

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HttpRequest<R extends RouteDef> {
  principal: R['auth'] extends 'public' ? Principal | undefined : Principal;
  params: Infer<R['params']>;
  query: Infer<R['query']>;
  body: Infer<R['body']>;
  headers: Record<string, string | undefined>;
  /** The raw body when a non-JSON media type the route accepts was sent (e.g. CSV). */
  rawBody?: { contentType: string; text: string };
  event: APIGatewayProxyEvent;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string | undefined>;
  /** A body that is not JSON (a signed note, a binary tile): sent as is, binary as base64. */
  raw?: { contentType: string; data: string | Uint8Array };
}

/** A route's implementation over the ports `D` its function wires (the DynamoDB core by default). */
export type HttpImpl<R extends RouteDef, D = CorePorts> = (
  req: HttpRequest<R>,
  deps: D,
) => Promise<HttpResult>;

let machineClients: Record<string, MachineClient> | undefined;
function machineClientMap(): Record<string, MachineClient> {
  machineClients ??= JSON.parse(env().MACHINE_CLIENTS) as Record<string, MachineClient>;
  return machineClients;
}

function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, root: string): Infer<S> {
  if (!schema) return undefined as Infer<S>;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(`the request ${root} is invalid`, zodFieldErrors(result.error, root));
  }
  return result.data as Infer<S>;
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === '';
}

function mediaType(headers: Record<string, string | undefined>): string {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function definedHeaders(h: HttpResult['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(h ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * The console's origin (CORS_ALLOW_ORIGIN, set in AWS only) may read the answers; no other origin is
 * named, so other web pages cannot. The preflight itself is API Gateway's (infra/constructs/http-api.ts).
 */
function withCors(response: APIGatewayProxyResult | undefined): APIGatewayProxyResult {
  const origin = process.env.CORS_ALLOW_ORIGIN;
  if (response && origin) {
    response.headers = { ...response.headers, 'access-control-allow-origin': origin, vary: 'Origin' };
  }
  return response as APIGatewayProxyResult;
}

function toResponse(result: HttpResult): APIGatewayProxyResult {
  if (result.raw) {
    const binary = typeof result.raw.data !== 'string';
    return {
      statusCode: result.status,
      headers: { 'content-type': result.raw.contentType, ...definedHeaders(result.headers) },
      body: binary ? Buffer.from(result.raw.data).toString('base64') : (result.raw.data as string),
      isBase64Encoded: binary,
    };
  }
  if (result.body === undefined)
    return { statusCode: result.status, headers: definedHeaders(result.headers), body: '' };
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json', ...definedHeaders(result.headers) },
    body: JSON.stringify(result.body),
  };
}

/**
 * The one middleware stack every HTTP Lambda shares: header normalisation, authentication and role
 * check, size and media-type checks, JSON parsing, zod validation of params/query/body,
 * idempotency keys, and error mapping to RFC 9457 problems in one place.
 */
export interface HttpHandlerOptions<D = CorePorts> {
  /** The ports this function uses (default: the DynamoDB core); see shared/adapters/deps.ts. */
  deps?: () => D;
  /** Required for routes that honour Idempotency-Key (`route.idempotent`). */
  idempotency?: IdempotencyRunner;
}

type LambdaHttpHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export type HttpHandler<D> = LambdaHttpHandler & {
  /** The same handler over other adapters (tests pass in-memory fakes, not module mocks). */
  withDeps(deps: D): LambdaHttpHandler;
};

export function httpHandler<R extends RouteDef, D = CorePorts>(
  route: R,
  impl: HttpImpl<R, D>,
  options: HttpHandlerOptions<D> = {},
): HttpHandler<D> {
  if (route.idempotent && !options.idempotency) {
    // Fails at cold start (and in every test of the handler), never silently at a client's retry.
    throw new Error(
      `${route.operationId} honours Idempotency-Key: pass { idempotency } from shared/http/idempotency.ts`,
    );
  }
  // Without `deps` nothing infers D, so it is the core ports, which coreDeps provides.
  const provider = options.deps ?? (coreDeps as () => D);
  return Object.assign(buildHttpHandler(route, impl, provider, options.idempotency), {
    withDeps: (deps: D) => buildHttpHandler(route, impl, () => deps, options.idempotency),
  });
}

function buildHttpHandler<R extends RouteDef, D>(
  route: R,
  impl: HttpImpl<R, D>,
  depsProvider: () => D,
  idempotency: IdempotencyRunner | undefined,
) {
  const accepts = new Set(route.alsoAccepts ?? []);
  const jsonParser = httpJsonBodyParser({ disableContentTypeError: accepts.size > 0 });
  /** The authenticated caller of each event, found before the body is looked at. */
  const callers = new WeakMap<APIGatewayProxyEvent, Principal>();

  const core = async (event: APIGatewayProxyEvent, _context: Context): Promise<APIGatewayProxyResult> => {
    const headers = (event.headers ?? {}) as Record<string, string | undefined>;
    const principal = callers.get(event);
    const params = parse(route.params, event.pathParameters ?? {}, 'path');
    const query = parse(route.query, event.queryStringParameters ?? {}, 'query');
    let body: unknown;
    let rawBody: HttpRequest<R>['rawBody'];
    if (route.body) {
      const type = mediaType(headers);
      if (accepts.has(type)) {
        rawBody = { contentType: type, text: typeof event.body === 'string' ? event.body : '' };
      } else {
        // An optional body left out is an empty object, validated like any other.
        body = parse(route.body, isEmptyBody(event.body) ? {} : event.body, 'body');
      }
    }
    const req = { principal, params, query, body, headers, rawBody, event } as HttpRequest<R>;
    const run = async () => toResponse(await impl(req, depsProvider()));
    if (!idempotency || !principal) return run();
    return idempotency(
      {
        caller: principal.subject,
        route: route.operationId,
        key: headers['idempotency-key'],
        payload: rawBody ?? body ?? null,
      },
      run,
    );
  };

  // Lambda context, API Gateway's request id as correlation id, metrics (shared with consumers).
  const observed = observability<APIGatewayProxyEvent, APIGatewayProxyResult>(
    (e) => e?.requestContext?.requestId,
  );
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(observed)
    .use({
      // Outermost: time the request, map every error, log a debug line without personal data.
      before: (request) => {
        (request.internal as Record<string, unknown>).startedAt = performance.now();
      },
      after: (request) => {
        withCors(request.response);
        logRequest(route, request.event, request.response?.statusCode ?? 0, request.internal);
      },
      onError: (request) => {
        const p = problemFor(request.error);
        // An unavailable dependency is expected now and then (the client retries): a warning.
        if (p.status === 503)
          logger.warn('dependency unavailable', { route: route.operationId, error: request.error as Error });
        else if (p.status >= 500)
          logger.error('unhandled error', { route: route.operationId, error: request.error as Error });
        request.response = withCors(problemResponse(p, problemHeaders(p)));
        logRequest(route, request.event, p.status, request.internal);
      },
    })
    .use(httpHeaderNormalizer())
    .use({
      // The caller and its role first: whoever may not call the route learns nothing of its body rules.
      before: (request) => {
        if (route.auth === 'public') return;
        const principal = principalFromEvent(request.event, machineClientMap());
        const allowed = route.auth as readonly string[];
        if (!principal.roles.some((r) => allowed.includes(r))) {
          throw new ForbiddenError(`this operation needs one of the roles: ${allowed.join(', ')}`);
        }
        callers.set(request.event, principal);
      },
    })
    .use({
      before: (request) => {
        const event = request.event;
        if (route.body === undefined) return;
        const raw = event.body ?? '';
        const size = Buffer.byteLength(raw, event.isBase64Encoded ? 'base64' : 'utf8');
        if (size > MAX_BODY_BYTES) {
          request.response = problemResponse(problem(413, 'the body is larger than 1 MiB'));
          return request.response;
        }
        if (isEmptyBody(event.body)) {
          if (route.bodyOptional) return undefined;
          throw new ValidationError('a JSON body is required', [{ path: 'body', message: 'required' }]);
        }
        return jsonParser.before?.(request);
      },
    })
    .handler(core);
}

/**
 * API Gateway's access log (locally: the gateway's request line) is the one line per request; the
 * function's own line, with its operation and time inside the function, is debug detail.
 */
function logRequest(route: RouteDef, event: APIGatewayProxyEvent, status: number, internal: unknown) {
  const startedAt = (internal as { startedAt?: number }).startedAt;
  logger.debug('request', {
    route: route.operationId,
    method: event?.httpMethod,
    status,
    ms: startedAt === undefined ? undefined : Math.round(performance.now() - startedAt),
    requestId: event?.requestContext?.requestId,
  });
}

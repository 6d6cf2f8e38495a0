import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { type JWTPayload, errors as joseErrors } from 'jose';
import { onResellerChanged } from '../../shared/adapters/invalidation.js';
import { problem } from '../../shared/http/problem.js';
import { type RouteDef, routeList } from '../../shared/http/routes.js';
import { MIN_COMPRESSION_BYTES } from '../../shared/http/wire.js';
import { LocalStartupError } from './errors.js';
import { type LocalKeys, verifyLocalToken } from './keys.js';
import { repoRoot } from './paths.js';

/**
 * The local API Gateway (REST API, Lambda proxy integration) with its Cognito user pool authorizer:
 * it routes by the shared route table, authenticates bearer tokens signed with the local key, builds
 * the proxy event exactly as API Gateway does and writes the handler's proxy result back. Role checks
 * stay in the handlers, as in AWS.
 */

export const MAX_BODY_BYTES = 1024 * 1024;
const RESPONSE_CACHE_SIZE = 50_000;
/** API Gateway's integration timeout. */
export const INTEGRATION_TIMEOUT_MS = 29_000;
/** API Gateway's default authorizer result TTL. */
const AUTHORIZER_CACHE_TTL_MS = 300_000;
const AUTHORIZER_CACHE_SIZE = 10_000;
const REGION = 'ap-northeast-2';
const ACCOUNT = '000000000000';

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;
/** Resolves `functions/<name>/handler.ts`'s `handler`; injectable so tests can use fake handlers. */
export type HandlerLoader = (functionName: string) => Promise<LambdaHandler>;

export function handlerPath(functionName: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(functionName)) throw new Error(`bad function name: ${functionName}`);
  return join(repoRoot, 'functions', functionName, 'handler.ts');
}

/** The default loader: a dynamic import of the handler module (each module is imported once). */
export const importHandler: HandlerLoader = async (functionName) => {
  const file = handlerPath(functionName);
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const mod = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  if (typeof mod.handler !== 'function') throw new Error(`${file} does not export a handler function`);
  return mod.handler as LambdaHandler;
};

export interface RequestLogLine {
  level: 'info' | 'error';
  msg: string;
  requestId: string;
  method?: string;
  route?: string | null;
  function?: string;
  status?: number;
  ms?: number;
  error?: string;
  stack?: string;
}

export interface GatewayOptions {
  keys: Pick<LocalKeys, 'publicKey'>;
  routes?: readonly RouteDef[];
  loadHandler?: HandlerLoader;
  /** Requests wait for this (the runtime's startup); a rejection answers 503. */
  ready?: Promise<unknown>;
  /** No request log lines (errors are still logged). */
  quiet?: boolean;
  /** Where log lines go; default: request lines to stdout, errors to stderr, one JSON object per line. */
  log?: (line: RequestLogLine) => void;
  maxBodyBytes?: number;
  timeoutMs?: number;
  /** Lambda function names, e.g. `${prefix}-${function}`; default the folder name. */
  functionName?: (route: RouteDef) => string;
  /** Serves what is not the API (the console's files); answers false to let the routes handle it. */
  site?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

export interface Gateway {
  server: Server;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Routing

export interface RouteMatch {
  route: RouteDef;
  pathParameters: Record<string, string> | null;
}

export type MatchResult =
  | { kind: 'match'; match: RouteMatch }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' }
  | { kind: 'bad-path' };

function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

export function compileRoutes(routes: readonly RouteDef[]) {
  const compiled = routes.map((route) => ({
    route,
    segments: splitPath(route.path).map((s) => {
      const m = /^\{([^}+]+)(\+?)\}$/.exec(s);
      return m ? { param: m[1]!, greedy: m[2] === '+' } : { literal: s };
    }),
  }));
  return (method: string, rawPath: string): MatchResult => {
    const parts = splitPath(rawPath);
    let decoded: string[];
    try {
      decoded = parts.map((p) => decodeURIComponent(p));
    } catch {
      return { kind: 'bad-path' };
    }
    const candidates: { c: (typeof compiled)[number]; literals: number; params: Record<string, string> }[] =
      [];
    for (const c of compiled) {
      // A greedy `{name+}` (last) takes the rest of the path, as in API Gateway.
      const last = c.segments.at(-1);
      const greedy = last !== undefined && 'param' in last && last.greedy;
      if (greedy ? decoded.length < c.segments.length : c.segments.length !== decoded.length) continue;
      let ok = true;
      let literals = 0;
      const params: Record<string, string> = {};
      c.segments.forEach((seg, i) => {
        const part = greedy && i === c.segments.length - 1 ? decoded.slice(i).join('/') : decoded[i]!;
        if ('literal' in seg) {
          if (seg.literal === part) literals++;
          else ok = false;
        } else if (part === '') ok = false;
        else params[seg.param] = part;
      });
      if (ok) candidates.push({ c, literals, params });
    }
    if (candidates.length === 0) return { kind: 'not-found' };
    // The most specific resource wins (literal segments before {params}), as in API Gateway.
    const best = Math.max(...candidates.map((x) => x.literals));
    const resources = candidates.filter((x) => x.literals === best);
    const hit = resources.find((x) => x.c.route.method === method);
    if (!hit)
      return { kind: 'method-not-allowed', allow: [...new Set(resources.map((x) => x.c.route.method))] };
    return {
      kind: 'match',
      match: { route: hit.c.route, pathParameters: Object.keys(hit.params).length > 0 ? hit.params : null },
    };
  };
}

// ---------------------------------------------------------------------------------------------
// Problems

const EXTRA_TITLES: Record<number, [string, string]> = {
  405: ['Method Not Allowed', 'method-not-allowed'],
  502: ['Bad Gateway', 'bad-gateway'],
  503: ['Service Unavailable', 'unavailable'],
  504: ['Gateway Timeout', 'gateway-timeout'],
};

export function gatewayProblem(status: number, detail: string) {
  const p = problem(status, detail);
  const extra = EXTRA_TITLES[status];
  if (extra && p.title === 'Error') {
    p.title = extra[0];
    p.type = p.type.replace(/[^/]+$/, extra[1]);
  }
  return p;
}

function sendProblem(
  res: ServerResponse,
  requestId: string,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
) {
  const body = Buffer.from(JSON.stringify(gatewayProblem(status, detail)));
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'content-length': body.length,
    'x-amzn-requestid': requestId,
    ...headers,
  });
  res.end(body);
}

// ---------------------------------------------------------------------------------------------
// Event building

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `23/Nov/2025:18:58:00 +0000`, API Gateway's requestTime. */
function clfTime(d: Date): string {
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000`;
}

/** `Sun Nov 23 18:58:00 UTC 2025`: how the REST Cognito authorizer renders `exp` and `iat`. */
function javaDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/**
 * The claims as the REST API Cognito authorizer hands them over: every value a string,
 * `cognito:groups` (and any other array) comma-joined, `exp`/`iat` as dates.
 */
export function claimsAsStrings(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if ((key === 'exp' || key === 'iat') && typeof value === 'number') out[key] = javaDate(value);
    else if (Array.isArray(value)) out[key] = value.map(String).join(',');
    else if (typeof value === 'object') out[key] = JSON.stringify(value);
    else out[key] = String(value);
  }
  return out;
}

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
  pathParameters: Record<string, string> | null;
  body: Buffer | null;
  claims?: Record<string, string>;
  receivedAt: Date;
}

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
    pathParameters: input.pathParameters,
    stageVariables: null,
    requestContext: {
      resourceId: route.operationId,
      resourcePath: route.path,
      httpMethod: route.method,
      extendedRequestId: input.requestId,
      requestTime: clfTime(input.receivedAt),
      path: input.path,
      accountId: ACCOUNT,
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
      authorizer: input.claims ? { claims: input.claims } : undefined,
    },
    body: input.body ? input.body.toString('utf8') : null,
    isBase64Encoded: false,
  };
}

export function buildContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const unsupported = () => {
    throw new Error('callback-style completion is not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

// ---------------------------------------------------------------------------------------------
// Body

class TooLarge extends Error {}

/** Reads the body, counting bytes as they stream; stops at the limit without buffering the rest. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null, value?: Buffer | null) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) reject(err);
      else resolve(value ?? null);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        finish(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null, size === 0 ? null : Buffer.concat(chunks, size));
    const onError = (e: Error) => finish(e);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

// ---------------------------------------------------------------------------------------------
// Result

function isProxyResult(x: unknown): x is APIGatewayProxyResult {
  return (
    typeof x === 'object' &&
    x !== null &&
    Number.isInteger((x as { statusCode?: unknown }).statusCode) &&
    (x as { statusCode: number }).statusCode >= 100 &&
    (x as { statusCode: number }).statusCode <= 599 &&
    ['string', 'undefined'].includes(typeof (x as { body?: unknown }).body)
  );
}

/** A proxy result turned into what goes on the wire once (the method cache keeps this form). */
interface PreparedResult {
  statusCode: number;
  headers: [string, string | string[]][];
  body: Buffer;
}

function prepareResult(result: APIGatewayProxyResult): PreparedResult {
  const headers = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value === undefined || value === null) continue;
    headers.set(name.toLowerCase(), { name, values: [String(value)] });
  }
  // Both given: merged; a key in multiValueHeaders takes its values from there (API Gateway's rule).
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    if (!Array.isArray(values)) continue;
    headers.set(name.toLowerCase(), { name, values: values.map(String) });
  }
  const body = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64')
    : Buffer.from(result.body ?? '', 'utf8');
  if (!headers.has('content-type') && body.length > 0) {
    headers.set('content-type', { name: 'Content-Type', values: ['application/json'] });
  }
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  return {
    statusCode: result.statusCode,
    headers: [...headers.values()].map(({ name, values }) => [
      name,
      values.length === 1 ? values[0]! : values,
    ]),
    body,
  };
}

/** Compressed bodies, kept with the prepared result (the method cache answers many times). */
const gzipped = new WeakMap<PreparedResult, Buffer>();

/** Whether the client takes gzip (API Gateway encodes gzip and deflate; gzip is enough here). */
function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  const value = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  return value.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (!q || Number(q.slice(2)) > 0);
  });
}

/** Plays API Gateway's content encoding: a body of MIN_COMPRESSION_BYTES or more is gzipped when asked. */
function writePrepared(
  res: ServerResponse,
  requestId: string,
  prepared: PreparedResult,
  acceptEncoding?: string | string[],
) {
  res.statusCode = prepared.statusCode;
  for (const [name, value] of prepared.headers) res.setHeader(name, value);
  let body = prepared.body;
  const encoded = prepared.headers.some(([name]) => name.toLowerCase() === 'content-encoding');
  if (!encoded && body.length >= MIN_COMPRESSION_BYTES) {
    res.setHeader('vary', 'accept-encoding');
    if (acceptsGzip(acceptEncoding)) {
      let zipped = gzipped.get(prepared);
      if (!zipped) {
        zipped = gzipSync(body, { level: 6 });
        gzipped.set(prepared, zipped);
      }
      body = zipped;
      res.setHeader('content-encoding', 'gzip');
    }
  }
  res.setHeader('content-length', body.length);
  res.setHeader('x-amzn-requestid', requestId);
  res.end(body);
}

// ---------------------------------------------------------------------------------------------
// Server

/**
 * Request lines are batched into one write per 50 ms: a write per request would cost the hot path
 * a system call each. Warnings and errors go out at once.
 */
let pendingLines: string[] = [];
let flushTimer: NodeJS.Timeout | undefined;
function flushLines() {
  flushTimer = undefined;
  if (pendingLines.length === 0) return;
  process.stdout.write(pendingLines.join(''));
  pendingLines = [];
}
process.once('exit', flushLines);

function defaultLog(line: RequestLogLine) {
  if (line.level !== 'info') {
    process.stderr.write(`${JSON.stringify(line)}\n`);
    return;
  }
  pendingLines.push(`${JSON.stringify(line)}\n`);
  if (!flushTimer) flushTimer = setTimeout(flushLines, 50).unref();
}

export function createGateway(options: GatewayOptions): Gateway {
  const match = compileRoutes(options.routes ?? routeList);
  const loadHandler = options.loadHandler ?? importHandler;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? INTEGRATION_TIMEOUT_MS;
  const log = options.log ?? defaultLog;
  const quiet = options.quiet ?? false;
  const functionName = options.functionName ?? ((r: RouteDef) => r.function);
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const authorizerCache = new Map<string, { claims: Record<string, string>; expiresAt: number }>();
  const responseCache = new Map<string, { prepared: PreparedResult; until: number }>();
  // A reseller change committed in this process empties the cache at once (in AWS the TTL bounds it).
  const stopInvalidation = onResellerChanged(() => responseCache.clear());

  /** Like the authorizer's result cache (keyed by token), but never past the token's own expiry. */
  const authenticate = async (token: string): Promise<Record<string, string>> => {
    const now = Date.now();
    const hit = authorizerCache.get(token);
    if (hit && now < hit.expiresAt) return { ...hit.claims };
    authorizerCache.delete(token);
    const payload = await verifyLocalToken(token, options.keys);
    const claims = claimsAsStrings(payload);
    if (authorizerCache.size >= AUTHORIZER_CACHE_SIZE) {
      authorizerCache.delete(authorizerCache.keys().next().value as string);
    }
    const expiresAt = Math.min((payload.exp ?? 0) * 1000, now + AUTHORIZER_CACHE_TTL_MS);
    authorizerCache.set(token, { claims, expiresAt });
    return { ...claims };
  };
  options.ready?.catch(() => {}); // observed per request

  const handlerFor = (fn: string) => {
    let h = handlers.get(fn);
    if (!h) {
      h = loadHandler(fn);
      handlers.set(fn, h);
      h.catch(() => handlers.delete(fn)); // a failed cold start is retried on the next request
    }
    return h;
  };

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    logLine: RequestLogLine,
  ) => {
    const receivedAt = new Date();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const rawQuery = q === -1 ? '' : url.slice(q + 1);

    if (options.site && (await options.site(req, res))) return;
    if (options.ready) {
      try {
        await options.ready;
      } catch {
        return sendProblem(res, requestId, 503, 'the local runtime failed to start');
      }
    }

    const matched = path.startsWith('/')
      ? match(req.method ?? 'GET', path)
      : ({ kind: 'not-found' } as const);
    if (matched.kind === 'not-found' || matched.kind === 'bad-path') {
      return sendProblem(res, requestId, 404, `no route for ${path.slice(0, 200)}`);
    }
    if (matched.kind === 'method-not-allowed') {
      return sendProblem(res, requestId, 405, `${req.method} is not allowed here`, {
        allow: matched.allow.join(', '),
      });
    }
    const { route, pathParameters } = matched.match;
    logLine.route = route.path;
    logLine.function = route.function;

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      return sendProblem(res, requestId, 413, 'the body is larger than 1 MiB', { connection: 'close' });
    }

    let claims: Record<string, string> | undefined;
    if (route.auth !== 'public') {
      const header = req.headers.authorization ?? '';
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!bearer) {
        return sendProblem(res, requestId, 401, 'a bearer token is required', {
          'www-authenticate': 'Bearer',
        });
      }
      try {
        claims = await authenticate(bearer[1]!);
      } catch (e) {
        const detail =
          e instanceof joseErrors.JWTExpired ? 'the token has expired' : 'the token is not valid';
        return sendProblem(res, requestId, 401, detail, {
          'www-authenticate': `Bearer error="invalid_token", error_description="${detail}"`,
        });
      }
    }

    // API Gateway's method cache: authorised first, then a fresh answer may be reused.
    const cacheKey = route.cache
      ? `${route.method} ${path}?${rawQuery} ${req.headers.authorization ?? ''}`
      : undefined;
    if (cacheKey) {
      const hit = responseCache.get(cacheKey);
      if (hit && hit.until > Date.now())
        return writePrepared(res, requestId, hit.prepared, req.headers['accept-encoding']);
    }

    let body: Buffer | null;
    try {
      // A request that declares no body (most GETs) has none to wait for.
      const hasBody = req.headers['transfer-encoding'] !== undefined || declared > 0;
      body = hasBody ? await readBody(req, maxBodyBytes) : null;
    } catch (e) {
      if (e instanceof TooLarge) {
        return sendProblem(res, requestId, 413, 'the body is larger than 1 MiB', { connection: 'close' });
      }
      throw e;
    }

    const event = buildProxyEvent({
      req,
      requestId,
      route,
      path,
      rawQuery,
      pathParameters,
      body,
      claims,
      receivedAt,
    });
    const context = buildContext(functionName(route), timeoutMs);

    let result: unknown;
    try {
      const handler = await handlerFor(route.function);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), timeoutMs);
      });
      try {
        result = await Promise.race([handler(event, context), timeout]);
      } finally {
        clearTimeout(timer);
      }
    } catch (e) {
      const err = e as Error;
      log({
        level: 'error',
        msg: 'handler failed',
        requestId,
        route: route.path,
        function: route.function,
        error: err?.message ?? String(e),
        ...(err?.stack ? { stack: err.stack } : {}),
      });
      return sendProblem(res, requestId, 502, 'the function failed; see the runtime log');
    }
    if (result === 'timeout') {
      log({
        level: 'error',
        msg: 'handler timed out',
        requestId,
        route: route.path,
        function: route.function,
      });
      return sendProblem(res, requestId, 504, `the function did not answer within ${timeoutMs} ms`);
    }
    if (!isProxyResult(result)) {
      log({ level: 'error', msg: 'malformed Lambda proxy response', requestId, route: route.path });
      return sendProblem(res, requestId, 502, 'malformed Lambda proxy response');
    }
    const prepared = prepareResult(result);
    if (cacheKey && route.cache && result.statusCode === 200) {
      if (responseCache.size >= RESPONSE_CACHE_SIZE) responseCache.clear();
      responseCache.set(cacheKey, { prepared, until: Date.now() + route.cache.ttlSeconds * 1000 });
    }
    writePrepared(res, requestId, prepared, req.headers['accept-encoding']);
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    const logLine: RequestLogLine = {
      level: 'info',
      msg: 'request',
      requestId,
      method: req.method,
      route: null,
    };
    res.on('finish', () => {
      // After a 413 the rest of an oversized body is not read: close instead of draining it.
      if (res.getHeader('connection') === 'close') setTimeout(() => req.socket.destroy(), 50).unref();
      if (quiet) return;
      log({ ...logLine, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 });
    });
    handle(req, res, requestId, logLine).catch((e) => {
      log({ level: 'error', msg: 'gateway error', requestId, error: (e as Error)?.message ?? String(e) });
      if (!res.headersSent) sendProblem(res, requestId, 500, 'the local gateway failed');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;

  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const onError = (e: NodeJS.ErrnoException) => {
          server.off('listening', onListening);
          if (e.code === 'EADDRINUSE') {
            reject(new LocalStartupError('PORT_IN_USE', `port ${port} is in use: set PORT to a free port`));
          } else reject(e);
        };
        const onListening = () => {
          server.off('error', onError);
          const address = server.address() as AddressInfo;
          resolve({ port: address.port, url: `http://${host}:${address.port}` });
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(port, host);
      });
    },
    close() {
      stopInvalidation();
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onResellerChanged } from '../../shared/adapters/invalidation.js';
import { type RouteDef, routeList } from '../../shared/http/routes.js';
import { LocalStartupError } from './errors.js';
import { createAuthorizer, Unauthorized, type VerifiedCaller } from './gateway/authorizer.js';
import { MAX_BODY_BYTES, readBody, TooLarge } from './gateway/body.js';
import { MethodCache } from './gateway/method-cache.js';
import { sendProblem } from './gateway/problems.js';
import { buildProxyEvent } from './gateway/proxy-event.js';
import { defaultLog, type RequestLogLine } from './gateway/request-log.js';
import { isProxyResult, type PreparedResult, prepareResult, writePrepared } from './gateway/results.js';
import { compileRoutes, type RouteMatch } from './gateway/routing.js';
import type { LocalKeys } from './keys.js';
import { buildContext, type HandlerLoader, importHandler, type LambdaHandler } from './lambda-handlers.js';

/**
 * The local API Gateway (REST API, Lambda proxy integration) with its Cognito user pool authorizer:
 * it routes by the shared route table, authenticates bearer tokens signed with the local key, builds
 * the proxy event exactly as API Gateway does and writes the handler's proxy result back. Role checks
 * stay in the handlers, as in AWS. Its pieces are in `gateway/`: routing, authorizer, method cache,
 * proxy event, results (and compression), body, problems, request log.
 */

export { claimsAsStrings } from './gateway/authorizer.js';
export { MAX_BODY_BYTES } from './gateway/body.js';
export { gatewayProblem } from './gateway/problems.js';
export { type BuildEventInput, buildProxyEvent } from './gateway/proxy-event.js';
export type { RequestLogLine } from './gateway/request-log.js';
export { compileRoutes, type MatchResult, type RouteMatch } from './gateway/routing.js';
export {
  buildContext,
  type HandlerLoader,
  handlerPath,
  importHandler,
  type LambdaHandler,
} from './lambda-handlers.js';

/** API Gateway's integration timeout. */
export const INTEGRATION_TIMEOUT_MS = 29_000;

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
  site?: Site;
}

/** `serves(path)`, when given, tells without a request whether the site may answer that path. */
export type Site = ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) & {
  serves?: (path: string) => boolean;
};

export interface Gateway {
  server: Server;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
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
  const authorizer = createAuthorizer(options.keys);
  const methodCache = new MethodCache();
  // A reseller change committed in this process empties the cache at once (in AWS the TTL bounds it).
  const stopInvalidation = onResellerChanged(() => methodCache.clear());
  // Once started, requests need not wait for the startup promise (one await less on the hot path).
  let runtimeReady = options.ready === undefined;
  options.ready?.then(
    () => {
      runtimeReady = true;
    },
    () => {}, // observed per request
  );

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

    const site = options.site;
    if (site && (site.serves?.(path) ?? true) && (await site(req, res))) return;
    if (!runtimeReady) {
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

    // The authorizer first (a caller verified before is not verified again), then the method cache.
    let caller: VerifiedCaller | undefined;
    if (route.auth !== 'public') {
      const authorization = req.headers.authorization ?? '';
      caller = authorizer.cached(authorization);
      if (caller === undefined) {
        try {
          caller = await authorizer.verify(authorization);
        } catch (e) {
          if (!(e instanceof Unauthorized)) throw e;
          return sendProblem(res, requestId, 401, e.detail, { 'www-authenticate': e.challenge });
        }
      }
    }

    // API Gateway's method cache: authorised first, then a fresh answer may be reused.
    const ttlMs = route.cache ? route.cache.ttlSeconds * 1000 : 0;
    const cacheKey = route.cache
      ? `${caller ? caller.id : `-${req.headers.authorization ?? ''}`} ${route.method} ${path}?${rawQuery}`
      : undefined;
    const acceptEncoding = req.headers['accept-encoding'];
    if (cacheKey === undefined) {
      const prepared = await invoke(req, res, {
        requestId,
        route,
        path,
        rawQuery,
        pathParameters,
        caller,
        declared,
        receivedAt,
      });
      if (prepared) writePrepared(res, requestId, prepared, acceptEncoding);
      return;
    }
    const hit = methodCache.get(cacheKey) ?? (await methodCache.pending(cacheKey));
    if (hit) return writePrepared(res, requestId, hit, acceptEncoding);
    const computing = methodCache.begin(cacheKey);
    let prepared: PreparedResult | undefined;
    try {
      prepared = await invoke(req, res, {
        requestId,
        route,
        path,
        rawQuery,
        pathParameters,
        caller,
        declared,
        receivedAt,
      });
    } finally {
      computing.finish(prepared?.statusCode === 200 ? prepared : undefined, ttlMs);
    }
    if (prepared) writePrepared(res, requestId, prepared, acceptEncoding);
  };

  /** The function behind a route: the proxy event in, its result prepared (undefined: a problem was sent). */
  const invoke = async (
    req: IncomingMessage,
    res: ServerResponse,
    call: {
      requestId: string;
      route: RouteDef;
      path: string;
      rawQuery: string;
      pathParameters: RouteMatch['pathParameters'];
      caller: VerifiedCaller | undefined;
      declared: number;
      receivedAt: Date;
    },
  ): Promise<PreparedResult | undefined> => {
    const { requestId, route, caller } = call;
    let body: Buffer | null;
    try {
      // A request that declares no body (most GETs) has none to wait for.
      const hasBody = req.headers['transfer-encoding'] !== undefined || call.declared > 0;
      body = hasBody ? await readBody(req, maxBodyBytes) : null;
    } catch (e) {
      if (e instanceof TooLarge) {
        sendProblem(res, requestId, 413, 'the body is larger than 1 MiB', { connection: 'close' });
        return undefined;
      }
      throw e;
    }

    const event = buildProxyEvent({
      req,
      requestId,
      route,
      path: call.path,
      rawQuery: call.rawQuery,
      pathParameters: call.pathParameters,
      body,
      ...(caller ? { claims: caller.claims } : {}),
      receivedAt: call.receivedAt,
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
      sendProblem(res, requestId, 502, 'the function failed; see the runtime log');
      return undefined;
    }
    if (result === 'timeout') {
      log({
        level: 'error',
        msg: 'handler timed out',
        requestId,
        route: route.path,
        function: route.function,
      });
      sendProblem(res, requestId, 504, `the function did not answer within ${timeoutMs} ms`);
      return undefined;
    }
    if (!isProxyResult(result)) {
      log({ level: 'error', msg: 'malformed Lambda proxy response', requestId, route: route.path });
      sendProblem(res, requestId, 502, 'malformed Lambda proxy response');
      return undefined;
    }
    return prepareResult(result);
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
      logLine.status = res.statusCode;
      logLine.ms = Math.round((performance.now() - started) * 10) / 10;
      log(logLine);
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

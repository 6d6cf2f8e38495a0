import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createGateway,
  type Gateway,
  type LambdaHandler,
  type RequestLogLine,
} from '../../infra/local/gateway.js';
import { type LocalKeys, loadOrCreateKeys, mintLocalToken } from '../../infra/local/keys.js';
import { routeList } from '../../shared/http/routes.js';
import { eventually } from '../support/eventually.js';

/** The gateway alone, with fake handlers: what API Gateway + the Cognito authorizer hand to a Lambda. */
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'gw-keys-'));
  dirs.push(d);
  return d;
};

let keys: LocalKeys;
let otherKeys: LocalKeys;
let gateway: Gateway;
let url: string;
const calls: { fn: string; event: APIGatewayProxyEvent; context: Context }[] = [];
const loads: string[] = [];
const logs: RequestLogLine[] = [];
let respond: (event: APIGatewayProxyEvent) => Promise<unknown> = async () => ({
  statusCode: 200,
  body: '{}',
});

beforeAll(async () => {
  keys = await loadOrCreateKeys(tempDir());
  otherKeys = await loadOrCreateKeys(tempDir());
  gateway = createGateway({
    keys,
    log: (line) => logs.push(line),
    loadHandler: async (fn) => {
      loads.push(fn);
      const handler: LambdaHandler = async (event, context) => {
        calls.push({ fn, event, context });
        return respond(event);
      };
      return handler;
    },
  });
  ({ url } = await gateway.listen(0));
});

afterAll(async () => {
  await gateway.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

beforeEach(() => {
  calls.length = 0;
  logs.length = 0;
  respond = async () => ({ statusCode: 200, body: '{}' });
});

const reseller = () => mintLocalToken({ role: 'reseller', brn: '2208162517' }, { keys });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as { type: string; title: string; status: number; detail: string };
  expect(body).toMatchObject({ status: res.status, type: expect.any(String), title: expect.any(String) });
  expect(body.detail).toEqual(expect.any(String));
  return body;
}

describe('routing', () => {
  it('answers 404 problem+json for an unknown path without calling a handler', async () => {
    const res = await fetch(`${url}/v1/nothing-here`);
    expect(res.status).toBe(404);
    await problemOf(res);
    expect(calls).toHaveLength(0);
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const res = await fetch(`${url}/v1/registry`, { method: 'DELETE', headers: bearer(await reseller()) });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect((await problemOf(res)).title).toBe('Method Not Allowed');
  });

  it('serves public routes without a token', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(calls[0]?.fn).toBe('get-health');
    expect(calls[0]?.event.requestContext.authorizer).toBeUndefined();
  });

  it('prefers the literal resource over a {param} one', async () => {
    await fetch(`${url}/v1/resellers/2208162517/eligibility`, { headers: bearer(await reseller()) });
    expect(calls[0]?.fn).toBe('get-eligibility');
    expect(calls[0]?.event.resource).toBe('/v1/resellers/{brn}/eligibility');
  });
});

describe('authentication (the Cognito authorizer)', () => {
  it('401 without a token', async () => {
    const res = await fetch(`${url}/v1/registry`);
    expect(res.status).toBe(401);
    expect((await problemOf(res)).title).toBe('Unauthorized');
    expect(calls).toHaveLength(0);
  });

  it('401 for a token signed with another key', async () => {
    const forged = await mintLocalToken({ role: 'admin' }, { keys: otherKeys });
    const res = await fetch(`${url}/v1/registry`, { headers: bearer(forged) });
    expect(res.status).toBe(401);
    expect((await problemOf(res)).detail).toBe('the token is not valid');
    expect(calls).toHaveLength(0);
  });

  it('401 for an expired token (wall time)', async () => {
    const expired = await mintLocalToken({ role: 'relay', relayId: 'kt', expiresInSeconds: -5 }, { keys });
    const res = await fetch(`${url}/v1/registry`, { headers: bearer(expired) });
    expect(res.status).toBe(401);
    expect((await problemOf(res)).detail).toBe('the token has expired');
  });

  it('a token accepted before (authorizer cache) is refused once it expires', async () => {
    const token = await mintLocalToken({ role: 'relay', relayId: 'kt', expiresInSeconds: 1 }, { keys });
    const exp = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number })
      .exp;
    expect((await fetch(`${url}/v1/registry`, { headers: bearer(token) })).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 50));
    expect((await fetch(`${url}/v1/registry`, { headers: bearer(token) })).status).toBe(401);
  });

  it('401 for garbage and for a token without the Bearer scheme', async () => {
    for (const authorization of ['Bearer not.a.jwt', await reseller(), 'Basic dXNlcjpwYXNz']) {
      const res = await fetch(`${url}/v1/registry`, { headers: { authorization } });
      expect(res.status).toBe(401);
    }
    expect(calls).toHaveLength(0);
  });

  it('401 for a token from another issuer or audience', async () => {
    for (const extra of [{ iss: 'https://elsewhere.example' }, { aud: 'other-client' }]) {
      const token = await mintLocalToken({ role: 'admin', extra }, { keys });
      const res = await fetch(`${url}/v1/registry`, { headers: bearer(token) });
      expect(res.status).toBe(401);
    }
  });

  it('hands every claim over as a string, groups comma-joined; role checks are left to the handler', async () => {
    const token = await mintLocalToken(
      { roles: ['reseller', 'regulator'], brn: '2208162517', relayId: 'kt', sub: 'user-1' },
      { keys },
    );
    const res = await fetch(`${url}/v1/registry`, { headers: bearer(token) });
    expect(res.status).toBe(200); // the gateway does not check roles: a reseller reaches get-registry
    const claims = calls[0]?.event.requestContext.authorizer?.claims as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: 'user-1',
      'cognito:groups': 'reseller,regulator',
      'custom:brn': '2208162517',
      'custom:relay_id': 'kt',
      token_use: 'id',
      aud: 'local-app-client',
    });
    for (const value of Object.values(claims)) expect(typeof value).toBe('string');
    expect(claims.exp).toMatch(/^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
  });
});

describe('the proxy event', () => {
  it('is shaped like a REST API proxy integration event', async () => {
    const token = await reseller();
    const res = await fetch(`${url}/v1/applications/app%2F1%20x?status=SCREENING&tag=a&tag=b&q=%ED%95%9C`, {
      headers: { ...bearer(token), 'X-Custom': 'one', 'User-Agent': 'vitest' },
    });
    expect(res.status).toBe(200);
    const { event, context } = calls[0]!;
    expect(event).toMatchObject({
      httpMethod: 'GET',
      resource: '/v1/applications/{applicationId}',
      path: '/v1/applications/app%2F1%20x',
      pathParameters: { applicationId: 'app/1 x' },
      queryStringParameters: { status: 'SCREENING', tag: 'b', q: '한' },
      multiValueQueryStringParameters: { status: ['SCREENING'], tag: ['a', 'b'], q: ['한'] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(event.headers['X-Custom'] ?? event.headers['x-custom']).toBe('one');
    expect(event.multiValueHeaders['X-Custom'] ?? event.multiValueHeaders['x-custom']).toEqual(['one']);
    expect(event.requestContext).toMatchObject({
      stage: 'local',
      resourcePath: '/v1/applications/{applicationId}',
      httpMethod: 'GET',
      requestId: res.headers.get('x-amzn-requestid'),
      identity: { sourceIp: '127.0.0.1', userAgent: 'vitest' },
    });
    expect(typeof event.requestContext.requestTimeEpoch).toBe('number');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.functionName).toBe('get-application');
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(20_000);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(29_000);
  });

  it('passes null query and path parameters when there are none', async () => {
    await fetch(`${url}/health`);
    expect(calls[0]?.event.queryStringParameters).toBeNull();
    expect(calls[0]?.event.multiValueQueryStringParameters).toBeNull();
    expect(calls[0]?.event.pathParameters).toBeNull();
  });

  it('passes the body as a UTF-8 string and repeated headers in multiValueHeaders', async () => {
    const body = JSON.stringify({ name: '주식회사 예시', n: 1 });
    const token = await reseller();
    await new Promise<void>((resolve, reject) => {
      const req = request(
        `${url}/v1/applications`,
        {
          method: 'POST',
          headers: [
            ['Host', new URL(url).host],
            ['Authorization', `Bearer ${token}`],
            ['Content-Type', 'application/json; charset=utf-8'],
            ['Content-Length', String(Buffer.byteLength(body))],
            ['Idempotency-Key', 'k-1'],
            ['X-Multi', 'a'],
            ['X-Multi', 'b'],
          ].flat(),
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const event = calls[0]!.event;
    expect(event.body).toBe(body);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.headers['Idempotency-Key']).toBe('k-1');
    expect(event.headers['X-Multi']).toBe('b');
    expect(event.multiValueHeaders['X-Multi']).toEqual(['a', 'b']);
  });
});

describe('results', () => {
  it('writes statusCode, headers, multiValueHeaders and the body back', async () => {
    respond = async () => ({
      statusCode: 201,
      headers: { 'content-type': 'application/json', etag: '"7"', 'x-n': 3 },
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
      body: JSON.stringify({ ok: '예' }),
    });
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"7"');
    expect(res.headers.get('x-n')).toBe('3');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.json()).toEqual({ ok: '예' });
  });

  it('decodes base64 bodies and defaults content-type to application/json', async () => {
    respond = async () => ({
      statusCode: 200,
      body: Buffer.from('{"x":1}').toString('base64'),
      isBase64Encoded: true,
    });
    const res = await fetch(`${url}/health`);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('{"x":1}');
  });

  it('gzips a body of 1 KB or more for a client that accepts it, as API Gateway does', async () => {
    const big = { items: Array.from({ length: 400 }, (_, i) => ({ brn: `22081${i}`, status: 'CERTIFIED' })) };
    respond = async () => ({ statusCode: 200, body: JSON.stringify(big) });
    const zipped = await fetch(`${url}/health`, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('accept-encoding');
    expect(Number(zipped.headers.get('content-length'))).toBeLessThan(JSON.stringify(big).length / 3);
    expect(await zipped.json()).toEqual(big);
    const plain = await fetch(`${url}/health`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length'))).toBe(JSON.stringify(big).length);
    respond = async () => ({ statusCode: 200, body: '{"small":true}' });
    const small = await fetch(`${url}/health`, { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
  });

  it('answers 502 problem when the handler throws, and logs it', async () => {
    respond = async () => {
      throw new Error('boom');
    };
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(502);
    expect((await problemOf(res)).title).toBe('Bad Gateway');
    expect(logs.find((l) => l.level === 'error')).toMatchObject({ msg: 'handler failed', error: 'boom' });
  });

  it('answers 502 for a malformed proxy result', async () => {
    respond = async () => ({ body: 'no status' });
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(502);
  });

  it('loads each handler once', async () => {
    await fetch(`${url}/health`);
    await fetch(`${url}/health`);
    expect(loads.filter((fn) => fn === 'get-health')).toHaveLength(1);
  });

  it('logs one JSON line per request with method, route, status and ms, without tokens', async () => {
    const token = await reseller();
    await fetch(`${url}/v1/resellers/2208162517`, { headers: bearer(token) });
    const lines = logs.filter((l) => l.msg === 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      method: 'GET',
      route: '/v1/resellers/{brn}',
      status: 200,
      ms: expect.any(Number),
    });
    expect(JSON.stringify(lines)).not.toContain(token);
  });
});

describe('body size limit', () => {
  const oneMiB = 1024 * 1024;

  it('accepts exactly 1 MiB', async () => {
    const res = await fetch(`${url}/v1/applications`, {
      method: 'POST',
      headers: { ...bearer(await reseller()), 'content-type': 'application/json' },
      body: Buffer.alloc(oneMiB, 'a'),
    });
    expect(res.status).toBe(200);
    expect(calls[0]?.event.body).toHaveLength(oneMiB);
  });

  it('413 problem for a declared Content-Length over 1 MiB, without calling the handler', async () => {
    const res = await fetch(`${url}/v1/applications`, {
      method: 'POST',
      headers: { ...bearer(await reseller()), 'content-type': 'application/json' },
      body: Buffer.alloc(oneMiB + 1, 'a'),
    });
    expect(res.status).toBe(413);
    expect((await problemOf(res)).title).toBe('Content Too Large');
    expect(calls).toHaveLength(0);
  });

  it('413 for a chunked body that grows past 1 MiB, reading stops early', async () => {
    const token = await reseller();
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 'b');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/v1/applications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      // Keep sending (up to 8 MiB) until the gateway answers.
      const pump = () => {
        while (sent < 8 * oneMiB) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(calls).toHaveLength(0);
  });
});

describe('the route table', () => {
  it('routes every route in the shared table to its function', async () => {
    const token = await mintLocalToken({ role: 'admin' }, { keys });
    for (const route of routeList) {
      const path = route.path.replace(/\{[^}]+\}/g, 'x');
      calls.length = 0;
      const res = await fetch(`${url}${path}`, {
        method: route.method,
        headers: bearer(token),
        ...(route.method === 'POST' || route.method === 'PUT' ? { body: '{}' } : {}),
      });
      expect(res.status, `${route.method} ${route.path}`).toBe(200);
      expect(calls[0]?.fn).toBe(route.function);
    }
  });
});

describe('the method cache (API Gateway caching, played locally)', () => {
  const path = '/v1/resellers/1248100998/eligibility';

  it('reuses a fresh 200 for the same caller without invoking the function again', async () => {
    const token = await mintLocalToken({ role: 'relay', relayId: 'kt' }, { keys });
    const first = await fetch(`${url}${path}`, { headers: bearer(token) });
    const second = await fetch(`${url}${path}`, { headers: bearer(token) });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(calls.filter((c) => c.event.path === path)).toHaveLength(1);
  });

  it('never serves one caller’s cached answer to another', async () => {
    const kt = await mintLocalToken({ role: 'relay', relayId: 'kt', sub: 'cache-kt' }, { keys });
    const skb = await mintLocalToken({ role: 'relay', relayId: 'skb', sub: 'cache-skb' }, { keys });
    await fetch(`${url}${path}`, { headers: bearer(kt) });
    await fetch(`${url}${path}`, { headers: bearer(skb) });
    expect(calls.filter((c) => c.event.path === path)).toHaveLength(2);
  });

  it('is emptied at once when a reseller change commits in this process', async () => {
    const { resellerChanged } = await import('../../shared/adapters/invalidation.js');
    const token = await mintLocalToken({ role: 'relay', relayId: 'kt', sub: 'cache-invalidate' }, { keys });
    await fetch(`${url}${path}`, { headers: bearer(token) });
    resellerChanged('1248100998');
    await fetch(`${url}${path}`, { headers: bearer(token) });
    expect(calls.filter((c) => c.event.path === path)).toHaveLength(2);
  });

  it('calls the function once for requests that arrive while the answer is being computed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    respond = async () => {
      await gate;
      return { statusCode: 200, body: '{"eligible":true}' };
    };
    const token = await mintLocalToken({ role: 'relay', relayId: 'kt', sub: 'cache-herd' }, { keys });
    await fetch(`${url}/v1/registry`, { headers: bearer(token) }); // the caller is verified from now on
    // A request that reaches the server reaches the method cache without waiting for anything else.
    let arrived = 0;
    const onRequest = () => {
      arrived++;
    };
    gateway.server.on('request', onRequest);
    const path = '/v1/resellers/2208162517/eligibility';
    const answers = Array.from({ length: 5 }, () => fetch(`${url}${path}`, { headers: bearer(token) }));
    await eventually(async () => expect(arrived).toBe(5));
    gateway.server.off('request', onRequest);
    expect(calls.filter((c) => c.event.path === path)).toHaveLength(1);
    release();
    const bodies = await Promise.all((await Promise.all(answers)).map((r) => r.json()));
    expect(bodies).toEqual(Array.from({ length: 5 }, () => ({ eligible: true })));
    expect(calls.filter((c) => c.event.path === path)).toHaveLength(1);
  });

  it('does not keep an answer computed while a reseller change committed', async () => {
    const { resellerChanged } = await import('../../shared/adapters/invalidation.js');
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    respond = async () => {
      await gate;
      return { statusCode: 200, body: '{}' };
    };
    const token = await mintLocalToken({ role: 'relay', relayId: 'kt', sub: 'cache-race' }, { keys });
    const path = '/v1/resellers/1010101013/eligibility';
    const first = fetch(`${url}${path}`, { headers: bearer(token) });
    await eventually(async () => expect(calls.filter((c) => c.event.path === path)).toHaveLength(1));
    resellerChanged('1010101013');
    release();
    expect((await first).status).toBe(200);
    await fetch(`${url}${path}`, { headers: bearer(token) });
    expect(calls.filter((c) => c.event.path === path)).toHaveLength(2);
  });

  it('hands each function its own path parameters and claims', async () => {
    const received: { brn?: string; sub?: string }[] = [];
    respond = async (event) => {
      received.push({ brn: event.pathParameters?.brn, sub: event.requestContext.authorizer?.claims.sub });
      (event.pathParameters as Record<string, string>).brn = 'changed';
      (event.requestContext.authorizer?.claims as Record<string, string>).sub = 'changed';
      return { statusCode: 500, body: '{}' };
    };
    const token = await mintLocalToken({ role: 'relay', relayId: 'kt', sub: 'cache-own' }, { keys });
    const path = '/v1/resellers/2208162517/eligibility';
    await fetch(`${url}${path}`, { headers: bearer(token) });
    await fetch(`${url}${path}`, { headers: bearer(token) });
    expect(received).toEqual([
      { brn: '2208162517', sub: 'cache-own' },
      { brn: '2208162517', sub: 'cache-own' },
    ]);
  });

  it('does not cache errors', async () => {
    respond = async () => ({ statusCode: 500, body: '{}' });
    const token = await mintLocalToken({ role: 'relay', relayId: 'kt', sub: 'cache-errors' }, { keys });
    await fetch(`${url}/v1/resellers/1010101013/eligibility`, { headers: bearer(token) });
    await fetch(`${url}/v1/resellers/1010101013/eligibility`, { headers: bearer(token) });
    expect(calls.filter((c) => c.event.path === '/v1/resellers/1010101013/eligibility')).toHaveLength(2);
  });
});

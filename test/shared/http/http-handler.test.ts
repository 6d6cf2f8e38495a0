import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { ConflictError } from '../../../shared/domain/core/errors.js';
import { httpHandler } from '../../../shared/http/http-handler.js';
import { logger } from '../../../shared/http/logger.js';
import type { RouteDef } from '../../../shared/http/routes.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';

beforeAll(testEnv);

const route = {
  operationId: 'testWrite',
  method: 'POST',
  path: '/v1/things/{id}',
  function: 'test',
  auth: ['reviewer'],
  summary: 'test',
  params: z.object({ id: z.string().regex(/^t\d+$/) }),
  body: z.object({ name: z.string().min(1), nested: z.object({ n: z.number().int() }) }),
  success: { status: 201, description: 'ok' },
  table: 'none',
} satisfies RouteDef;

const deps = fakeDeps();
const echo = httpHandler(
  route,
  async ({ body, params }) => ({ status: 201, body: { id: params.id, ...body } }),
  { deps: () => deps },
);
const good = { name: 'x', nested: { n: 1 } };
const call = (h: typeof echo, over: Parameters<typeof apiEvent>[0]) =>
  h(
    apiEvent({
      method: 'POST',
      pathParameters: { id: 't1' },
      principal: principals.reviewer(),
      body: good,
      ...over,
    }),
    lambdaContext,
  );

describe('the HTTP middleware stack', () => {
  it('passes validated input to the domain and answers JSON', async () => {
    const res = await call(echo, {});
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ id: 't1', ...good });
  });

  it('answers 401 without authorizer claims', async () => {
    const res = await call(echo, { principal: undefined });
    expect(res.statusCode).toBe(401);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
  });

  it('answers 403 to a role the route does not allow', async () => {
    const res = await call(echo, { principal: principals.relay() });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ status: 403, title: 'Forbidden' });
  });

  it('checks the role before it parses the body: 403 and 401 whatever the body', async () => {
    expect((await call(echo, { principal: principals.relay(), rawBody: '{"name":' })).statusCode).toBe(403);
    expect((await call(echo, { principal: principals.relay(), rawBody: '' })).statusCode).toBe(403);
    const wrongMedia = { rawBody: 'name=x', headers: { 'Content-Type': 'text/plain' } };
    expect((await call(echo, { principal: principals.relay(), ...wrongMedia })).statusCode).toBe(403);
    expect((await call(echo, { principal: undefined, rawBody: '{"name":' })).statusCode).toBe(401);
  });

  it('names every invalid field in a 400 problem', async () => {
    const res = await call(echo, { body: { name: '', nested: { n: 1.5 } } });
    expect(res.statusCode).toBe(400);
    const problem = JSON.parse(res.body);
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.name',
      'body.nested.n',
    ]);
  });

  it('names an invalid path parameter', async () => {
    const res = await call(echo, { pathParameters: { id: 'nope' } });
    expect(JSON.parse(res.body).errors).toEqual([{ path: 'path.id', message: expect.any(String) }]);
  });

  it('answers 400 for malformed JSON and 415 for another media type', async () => {
    expect((await call(echo, { rawBody: '{"name":' })).statusCode).toBe(400);
    const res = await call(echo, {
      rawBody: 'name=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(415);
  });

  it('answers 413 for a body over 1 MiB without parsing it', async () => {
    const res = await call(echo, { rawBody: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }) });
    expect(res.statusCode).toBe(413);
  });

  it('maps a domain conflict to 409', async () => {
    const conflicted = httpHandler(
      route,
      async () => {
        throw new ConflictError('not awaiting a decision');
      },
      { deps: () => deps },
    );
    const res = await call(conflicted, {});
    expect(res.statusCode).toBe(409);
    expect(JSON.parse(res.body).detail).toBe('not awaiting a decision');
  });

  it('turns an unknown error into a bare 500 that reveals nothing', async () => {
    const broken = httpHandler(
      route,
      async () => {
        throw new Error('connection string postgres://secret@db');
      },
      { deps: () => deps },
    );
    const res = await call(broken, {});
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
  });

  it('answers 503 with Retry-After when storage is unavailable, revealing nothing', async () => {
    for (const failure of [
      Object.assign(new Error('socket hang up at 10.0.0.1'), { name: 'TimeoutError' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ThrottlingException' }),
      Object.assign(new Error('internal'), {
        name: 'InternalServerError',
        $metadata: { httpStatusCode: 500 },
      }),
    ]) {
      const paused = httpHandler(
        route,
        async () => {
          throw failure;
        },
        { deps: () => deps },
      );
      const res = await call(paused, {});
      expect(res.statusCode).toBe(503);
      expect(res.headers).toMatchObject({ 'retry-after': '5', 'content-type': 'application/problem+json' });
      expect(res.body).not.toContain('127.0.0.1');
      expect(res.body).not.toContain('10.0.0.1');
    }
  });
});

describe('request logging', () => {
  it('leaves the one line per request to the access log (API Gateway; locally the gateway): the function logs it at debug only', async () => {
    const info = vi.spyOn(logger, 'info');
    const debug = vi.spyOn(logger, 'debug');
    try {
      expect((await call(echo, {})).statusCode).toBe(201);
      expect((await call(echo, { principal: principals.relay() })).statusCode).toBe(403);
      expect(info).not.toHaveBeenCalled();
      expect(debug.mock.calls.map(([msg, extra]) => [msg, (extra as { status: number }).status])).toEqual([
        ['request', 201],
        ['request', 403],
      ]);
    } finally {
      info.mockRestore();
      debug.mockRestore();
    }
  });
});

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { httpHandler } from '../../../shared/http/http-handler.js';
import type { RouteDef } from '../../../shared/http/routes.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';

beforeAll(testEnv);
afterEach(() => {
  delete process.env.CORS_ALLOW_ORIGIN;
});

const route = {
  operationId: 'testRead',
  method: 'GET',
  path: '/v1/things/{id}',
  function: 'test',
  auth: ['reviewer'],
  summary: 'test',
  params: z.object({ id: z.string() }),
  success: { status: 200, description: 'ok' },
  table: 'none',
} satisfies RouteDef;
const deps = fakeDeps();
const handler = httpHandler(route, async ({ params }) => ({ status: 200, body: { id: params.id } }), {
  deps: () => deps,
});
const call = (principal = principals.reviewer()) =>
  handler(apiEvent({ method: 'GET', pathParameters: { id: 't1' }, principal }), lambdaContext);

describe('CORS for the console', () => {
  it('names the console’s origin on answers and problems when CORS_ALLOW_ORIGIN is set (in AWS)', async () => {
    process.env.CORS_ALLOW_ORIGIN = 'https://d111111abcdef8.cloudfront.net';
    const ok = await call();
    expect(ok.headers).toMatchObject({
      'access-control-allow-origin': 'https://d111111abcdef8.cloudfront.net',
      vary: 'Origin',
    });
    const refused = await call(principals.relay());
    expect(refused.statusCode).toBe(403);
    expect(refused.headers?.['access-control-allow-origin']).toBe('https://d111111abcdef8.cloudfront.net');
  });

  it('names no origin otherwise (the local console is same-origin)', async () => {
    const ok = await call();
    expect(ok.headers?.['access-control-allow-origin']).toBeUndefined();
  });
});

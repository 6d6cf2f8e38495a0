import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { routeList } from '../../shared/http/routes.js';
import { client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';
import { claimsFor, rolesRefused, samplePath } from '../support/route-walk.js';

/**
 * Every route of the table, over the local gateway: the caller's role is checked before the body
 * is read, so a malformed body never tells a caller without the role anything but 401 or 403.
 */
let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(() => runtime?.stop());

const guarded = routeList.filter((r) => r.auth !== 'public');
const malformed = { raw: '{"malformed":', headers: { 'content-type': 'application/json' } };
const wrongMedia = { raw: 'not json', headers: { 'content-type': 'text/plain' } };

describe('the role matrix over the whole route table', () => {
  it.each(guarded.map((r) => [`${r.method} ${r.path}`, r] as const))(
    'answers 401 to an anonymous caller with a malformed body: %s',
    async (_, route) => {
      const res = await fetch(`${runtime.url}${samplePath(route)}`, {
        method: route.method,
        ...(route.method === 'GET' ? {} : { body: malformed.raw, headers: malformed.headers }),
      });
      expect(res.status).toBe(401);
    },
  );

  it.each(
    guarded.filter((r) => rolesRefused(r).length > 0).map((r) => [`${r.method} ${r.path}`, r] as const),
  )('refuses a role the route does not allow with 403 before parsing the body: %s', async (_, route) => {
    for (const role of rolesRefused(route)) {
      for (const body of route.method === 'GET' ? [{ headers: {} }] : [malformed, wrongMedia]) {
        const res = await api[route.method === 'GET' ? 'get' : route.method === 'PUT' ? 'put' : 'post'](
          samplePath(route),
          { as: claimsFor(role), ...body },
        );
        expect({
          role,
          type: (body.headers as Record<string, string>)['content-type'],
          status: res.status,
        }).toEqual({
          role,
          type: (body.headers as Record<string, string>)['content-type'],
          status: 403,
        });
      }
    }
  });
});

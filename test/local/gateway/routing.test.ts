import { describe, expect, it } from 'vitest';
import { compileRoutes } from '../../../infra/local/gateway/routing.js';
import type { RouteDef } from '../../../shared/http/routes.js';

const route = (method: string, path: string, fn = `${method.toLowerCase()}${path.replaceAll('/', '-')}`) =>
  ({ method, path, function: fn, operationId: fn, auth: 'public' }) as unknown as RouteDef;

const routes = [
  route('GET', '/v1/resellers/{brn}'),
  route('GET', '/v1/resellers/me', 'me'),
  route('PUT', '/v1/resellers/{brn}'),
  route('GET', '/v1/tiles/{path+}', 'tiles'),
];

describe('compileRoutes', () => {
  it('prefers the literal resource over a {param} one, whatever the table order', () => {
    const match = compileRoutes(routes);
    const hit = match('GET', '/v1/resellers/me');
    expect(hit).toMatchObject({ kind: 'match', match: { route: { function: 'me' }, pathParameters: null } });
  });

  it('decodes path parameters and lets a greedy {name+} take the rest of the path', () => {
    const match = compileRoutes(routes);
    expect(match('GET', '/v1/resellers/220%2D81')).toMatchObject({
      kind: 'match',
      match: { pathParameters: { brn: '220-81' } },
    });
    expect(match('GET', '/v1/tiles/a/b/c')).toMatchObject({
      kind: 'match',
      match: { route: { function: 'tiles' }, pathParameters: { path: 'a/b/c' } },
    });
  });

  it('answers 405 material (the methods the resource has) for a known path and another method', () => {
    const match = compileRoutes(routes);
    expect(match('DELETE', '/v1/resellers/2208162517')).toEqual({
      kind: 'method-not-allowed',
      allow: ['GET', 'PUT'],
    });
  });

  it('tells a path that matches nothing from one that cannot be decoded', () => {
    const match = compileRoutes(routes);
    expect(match('GET', '/v2/nothing')).toEqual({ kind: 'not-found' });
    expect(match('GET', '/v1/resellers/%E0%A4%A')).toEqual({ kind: 'bad-path' });
  });

  it('answers a path it has seen before the same way, with parameters no caller can change', () => {
    const match = compileRoutes(routes);
    const first = match('GET', '/v1/resellers/2208162517');
    const again = match('GET', '/v1/resellers/2208162517');
    expect(again).toEqual(first);
    const params = first.kind === 'match' ? first.match.pathParameters : null;
    expect(Object.isFrozen(params)).toBe(true);
    expect(match('PUT', '/v1/resellers/2208162517')).toMatchObject({
      kind: 'match',
      match: { route: { method: 'PUT' } },
    });
  });
});

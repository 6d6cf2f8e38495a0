import type { RouteDef } from '../../../shared/http/routes.js';

/**
 * API Gateway's resource matching over the shared route table: the most specific resource wins (literal
 * segments before `{params}`), a greedy `{name+}` (last) takes the rest of the path, and a known resource
 * with the wrong method is a 405 listing the methods it has.
 */

export interface RouteMatch {
  route: RouteDef;
  /** Shared by every request on the same path: copy before handing it to a function. */
  pathParameters: Readonly<Record<string, string>> | null;
}

export type MatchResult =
  | { kind: 'match'; match: RouteMatch }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' }
  | { kind: 'bad-path' };

/** Distinct method + path pairs whose match is remembered (the relays ask for the same few paths). */
const MEMO_SIZE = 20_000;

type Segment = { literal: string; param?: undefined } | { param: string; literal?: undefined };

interface CompiledRoute {
  route: RouteDef;
  segments: Segment[];
  greedy: boolean;
}

function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

function compile(route: RouteDef): CompiledRoute {
  let greedy = false;
  const parts = splitPath(route.path);
  const segments = parts.map((s, i): Segment => {
    const m = /^\{([^}+]+)(\+?)\}$/.exec(s);
    if (m && i === parts.length - 1) greedy = m[2] === '+';
    return m ? { param: m[1]! } : { literal: s };
  });
  return { route, segments, greedy };
}

/** Literal segments matched, with the parameters; undefined when the route does not match the path. */
function tryRoute(
  c: CompiledRoute,
  decoded: string[],
): { literals: number; params: Record<string, string> } | undefined {
  const n = c.segments.length;
  if (c.greedy ? decoded.length < n : decoded.length !== n) return undefined;
  let literals = 0;
  const params: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const seg = c.segments[i]!;
    const part = c.greedy && i === n - 1 ? decoded.slice(i).join('/') : decoded[i]!;
    if (seg.literal !== undefined) {
      if (seg.literal !== part) return undefined;
      literals++;
    } else if (part === '') return undefined;
    else params[seg.param] = part;
  }
  return { literals, params };
}

function matchPath(compiled: readonly CompiledRoute[], method: string, rawPath: string): MatchResult {
  let decoded: string[];
  try {
    decoded = splitPath(rawPath).map((p) => decodeURIComponent(p));
  } catch {
    return { kind: 'bad-path' };
  }
  let best = -1;
  let resources: { route: RouteDef; params: Record<string, string> }[] = [];
  for (const c of compiled) {
    const hit = tryRoute(c, decoded);
    if (!hit || hit.literals < best) continue;
    if (hit.literals > best) {
      best = hit.literals;
      resources = [];
    }
    resources.push({ route: c.route, params: hit.params });
  }
  if (resources.length === 0) return { kind: 'not-found' };
  const hit = resources.find((x) => x.route.method === method);
  if (!hit) return { kind: 'method-not-allowed', allow: [...new Set(resources.map((x) => x.route.method))] };
  const pathParameters = Object.keys(hit.params).length > 0 ? Object.freeze(hit.params) : null;
  return { kind: 'match', match: { route: hit.route, pathParameters } };
}

/** The matcher for a route table, compiled once; answers for a method and path are remembered. */
export function compileRoutes(routes: readonly RouteDef[]): (method: string, rawPath: string) => MatchResult {
  const compiled = routes.map(compile);
  const memo = new Map<string, MatchResult>();
  return (method, rawPath) => {
    const key = `${method} ${rawPath}`;
    let result = memo.get(key);
    if (result === undefined) {
      result = matchPath(compiled, method, rawPath);
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(key, result);
    }
    return result;
  };
}

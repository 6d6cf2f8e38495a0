import type { LocalTokenClaims } from '../../infra/local/keys.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answered
  body: any;
  text: string;
}

/** A small client for the local gateway: real HTTP, real JWTs. */
export function client(runtime: LocalRuntime) {
  const tokens = new Map<string, string>();
  async function token(claims: LocalTokenClaims): Promise<string> {
    const key = JSON.stringify(claims);
    if (!tokens.has(key)) tokens.set(key, await runtime.mintToken(claims));
    return tokens.get(key)!;
  }
  async function call(
    method: string,
    path: string,
    opts: {
      as?: LocalTokenClaims;
      token?: string;
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...opts.headers };
    const bearer = opts.token ?? (opts.as ? await token(opts.as) : undefined);
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${runtime.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }
  return {
    token,
    get: (path: string, opts?: Parameters<typeof call>[2]) => call('GET', path, opts),
    post: (path: string, opts?: Parameters<typeof call>[2]) => call('POST', path, opts),
    put: (path: string, opts?: Parameters<typeof call>[2]) => call('PUT', path, opts),
  };
}

export const as = {
  reseller: (brn: string): LocalTokenClaims => ({ role: 'reseller', brn }),
  relay: (relayId = 'kt'): LocalTokenClaims => ({ role: 'relay', relayId }),
  reviewer: (): LocalTokenClaims => ({ role: 'reviewer' }),
  committee: (): LocalTokenClaims => ({ role: 'committee' }),
  regulator: (): LocalTokenClaims => ({ role: 'regulator' }),
  admin: (): LocalTokenClaims => ({ role: 'admin' }),
  monitor: (): LocalTokenClaims => ({ role: 'monitor' }),
};

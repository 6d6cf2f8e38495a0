import { type JWTPayload, errors as joseErrors } from 'jose';
import { type LocalKeys, verifyLocalToken } from '../keys.js';
import { javaDate } from './dates.js';

/**
 * The Cognito user pool authorizer, played locally: a bearer token signed with the local key is verified
 * once, and the verified caller is kept (keyed by the Authorization header, like the authorizer's result
 * cache) for API Gateway's default TTL, never past the token's own expiry (wall time).
 */

/** API Gateway's default authorizer result TTL. */
const AUTHORIZER_CACHE_TTL_MS = 300_000;
const AUTHORIZER_CACHE_SIZE = 10_000;

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

/** A verified caller: the same object for every request with the same Authorization header until it expires. */
export interface VerifiedCaller {
  /** Distinguishes callers in the method cache (a new verification gets a new id). */
  readonly id: number;
  /** Shared: copy before handing them to a function. */
  readonly claims: Readonly<Record<string, string>>;
  readonly expiresAt: number;
}

/** Why a request is refused with 401, and the WWW-Authenticate challenge that goes with it. */
export class Unauthorized extends Error {
  constructor(
    readonly detail: string,
    readonly challenge: string,
  ) {
    super(detail);
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function createAuthorizer(keys: Pick<LocalKeys, 'publicKey'>, now: () => number = Date.now) {
  const cache = new Map<string, VerifiedCaller>();
  let ids = 0;
  return {
    /** The verified caller for this header, if one is cached and unexpired: no verification, no await. */
    cached(authorization: string): VerifiedCaller | undefined {
      const hit = cache.get(authorization);
      return hit !== undefined && now() < hit.expiresAt ? hit : undefined;
    },
    /** Verifies the header's bearer token; throws `Unauthorized`. */
    async verify(authorization: string): Promise<VerifiedCaller> {
      const bearer = BEARER.exec(authorization);
      if (!bearer) throw new Unauthorized('a bearer token is required', 'Bearer');
      const at = now();
      const hit = cache.get(authorization);
      if (hit && at < hit.expiresAt) return hit;
      cache.delete(authorization);
      let payload: JWTPayload;
      try {
        payload = await verifyLocalToken(bearer[1]!, keys);
      } catch (e) {
        const detail =
          e instanceof joseErrors.JWTExpired ? 'the token has expired' : 'the token is not valid';
        throw new Unauthorized(detail, `Bearer error="invalid_token", error_description="${detail}"`);
      }
      if (cache.size >= AUTHORIZER_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      const caller: VerifiedCaller = {
        id: ++ids,
        claims: Object.freeze(claimsAsStrings(payload)),
        expiresAt: Math.min((payload.exp ?? 0) * 1000, at + AUTHORIZER_CACHE_TTL_MS),
      };
      cache.set(authorization, caller);
      return caller;
    },
  };
}

export type Authorizer = ReturnType<typeof createAuthorizer>;

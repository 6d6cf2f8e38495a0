/** The signed-in caller: the bearer token and the claims the console reads from it (roles, brn, relay id). */
export type Role = 'reseller' | 'relay' | 'reviewer' | 'committee' | 'monitor' | 'regulator' | 'admin';

export interface Session {
  token: string;
  /** The token's `sub`: who "me" is (the work queue's assignee). */
  subject: string;
  role: Role;
  roles: Role[];
  brn?: string;
  relayId?: string;
  expiresAt: number;
}

const STORAGE_KEY = 'console.session.token';

function decodePayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** Reads the claims as the API does: roles are `cognito:groups`; custom attributes name the party. */
export function sessionFromToken(token: string): Session | undefined {
  try {
    const claims = decodePayload(token);
    const groups = claims['cognito:groups'];
    const roles = (Array.isArray(groups) ? groups : String(groups ?? '').split(',')).filter(
      Boolean,
    ) as Role[];
    const expiresAt = Number(claims.exp ?? 0) * 1000;
    if (roles.length === 0 || expiresAt <= Date.now()) return undefined;
    return {
      token,
      subject: String(claims.sub ?? ''),
      role: roles[0]!,
      roles,
      expiresAt,
      ...(typeof claims['custom:brn'] === 'string' ? { brn: claims['custom:brn'] } : {}),
      ...(typeof claims['custom:relay_id'] === 'string' ? { relayId: claims['custom:relay_id'] } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The token lives in sessionStorage: gone when the tab closes, never shared with other tabs. */
export function storedSession(): Session | undefined {
  const token = sessionStorage.getItem(STORAGE_KEY);
  return token ? sessionFromToken(token) : undefined;
}

export function storeToken(token: string): Session | undefined {
  const session = sessionFromToken(token);
  if (session) sessionStorage.setItem(STORAGE_KEY, token);
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

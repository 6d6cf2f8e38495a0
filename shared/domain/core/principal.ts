/** The roles (Cognito groups) and the caller the domain acts for. */
export const roles = ['reseller', 'relay', 'reviewer', 'committee', 'monitor', 'regulator', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  subject: string;
  roles: Role[];
  /** A reseller's own business registration number (`custom:brn`). */
  brn?: string;
  /** A relay operator's id (`custom:relay_id`). */
  relayId?: string;
}

export const STAFF_ROLES: readonly Role[] = ['reviewer', 'committee', 'regulator'];

export function hasRole(p: Principal, ...wanted: readonly Role[]): boolean {
  return wanted.some((w) => p.roles.includes(w));
}

export function isStaff(p: Principal): boolean {
  return hasRole(p, ...STAFF_ROLES);
}

/** `reseller:2208162517`, `reviewer:<sub>`: who did it, for history and audit (no personal data). */
export function actorOf(p: Principal): string {
  return p.brn && p.roles.includes('reseller')
    ? `reseller:${p.brn}`
    : `${p.roles[0] ?? 'unknown'}:${p.subject}`;
}

/**
 * May this caller read data about reseller `brn`? Its owner and the registry's institutional
 * readers may; another reseller may not (and is told "not found").
 */
export function mayReadReseller(p: Principal, brn: string): boolean {
  if (hasRole(p, 'relay', 'reviewer', 'committee', 'regulator', 'admin')) return true;
  return p.roles.includes('reseller') && p.brn === brn;
}

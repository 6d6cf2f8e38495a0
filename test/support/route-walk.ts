import type { LocalTokenClaims } from '../../infra/local/keys.js';
import { type Role, type RouteDef, roles } from '../../shared/http/routes.js';

/** Well-formed path parameters for any route of the table (the records need not exist). */
export const samplePathParams: Record<string, string> = {
  brn: '2208162517',
  applicationId: 'app_walk',
  caseId: 'case_walk',
  sanctionId: 'snc_walk',
  noticeId: 'ntc_walk',
  relayId: 'kt',
  inspectionId: 'ins_walk',
  objectionId: 'obj_walk',
  changeReportId: 'chg_walk',
  'tile+': '0/000',
};

export function samplePath(route: RouteDef, params: Record<string, string> = samplePathParams): string {
  return route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no sample value for {${name}} in ${route.path}`);
    // A greedy parameter (`{tile+}`) spans path segments.
    return name.endsWith('+')
      ? value.split('/').map(encodeURIComponent).join('/')
      : encodeURIComponent(value);
  });
}

/** A token's claims for one role (resellers and relays carry their own ids). */
export function claimsFor(role: Role): LocalTokenClaims {
  if (role === 'reseller') return { role, brn: samplePathParams.brn };
  if (role === 'relay') return { role, relayId: samplePathParams.relayId };
  return { role };
}

/** The roles a route refuses (none for public routes or routes open to every role). */
export function rolesRefused(route: RouteDef): Role[] {
  if (route.auth === 'public') return [];
  const allowed = route.auth;
  return roles.filter((r) => !allowed.includes(r));
}

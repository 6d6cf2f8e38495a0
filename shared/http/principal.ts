import type { APIGatewayProxyEvent } from 'aws-lambda';
import { UnauthenticatedError } from '../domain/core/errors.js';
import { type Principal, type Role, roles } from '../domain/core/principal.js';

export type { Principal };

const isRole = (x: string): x is Role => (roles as readonly string[]).includes(x);

/** API Gateway hands Cognito claims over as strings: groups comma-joined, sometimes bracketed. */
function splitGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string') return [];
  return raw
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .map((g) => g.trim())
    .filter(Boolean);
}

export interface MachineClient {
  role: Role;
  relayId?: string;
}

export function principalFromEvent(
  event: Pick<APIGatewayProxyEvent, 'requestContext'>,
  machineClients: Record<string, MachineClient> = {},
): Principal {
  const claims = (event.requestContext?.authorizer?.claims ?? {}) as Record<string, unknown>;
  const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!subject) throw new UnauthenticatedError('a valid bearer token is required');

  // Client-credentials tokens (relays' and monitors' systems) carry a client id, not groups.
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : undefined;
  const machine = clientId && !claims['cognito:groups'] ? machineClients[clientId] : undefined;
  if (machine) {
    return { subject, roles: [machine.role], ...(machine.relayId ? { relayId: machine.relayId } : {}) };
  }

  const principal: Principal = { subject, roles: splitGroups(claims['cognito:groups']).filter(isRole) };
  if (typeof claims['custom:brn'] === 'string' && claims['custom:brn']) principal.brn = claims['custom:brn'];
  if (typeof claims['custom:relay_id'] === 'string' && claims['custom:relay_id'])
    principal.relayId = claims['custom:relay_id'];
  return principal;
}

import { roles } from '../../domain/core/principal.js';
import {
  noticeAckSchema,
  noticeIdParams,
  relayOperatorsSchema,
  relaySettingsBodySchema,
  relaySettingsParams,
  relaySettingsResultSchema,
} from '../../schemas/relays.js';
import type { RouteDef } from '../routes.js';

/**
 * Relay operators (their settings and webhook secrets, write-only) and their acknowledgements of
 * notices. Each route is its own export; ../routes.ts composes the table.
 */

export const listRelayOperators = {
  operationId: 'listRelayOperators',
  method: 'GET',
  path: '/v1/relay-operators',
  function: 'list-relay-operators',
  auth: roles,
  summary: 'Relay operators (admin also sees webhook URLs; secrets never)',
  success: { status: 200, schema: relayOperatorsSchema, description: 'the relay operators' },
  table: 'read',
} satisfies RouteDef;

export const putRelayOperator = {
  operationId: 'putRelayOperator',
  method: 'PUT',
  path: '/v1/relay-operators/{relayId}',
  function: 'put-relay-operator',
  auth: ['admin'],
  summary: 'Relay settings: name, webhook URL and signing secret (write-only, never returned)',
  params: relaySettingsParams,
  body: relaySettingsBodySchema,
  success: {
    status: 200,
    schema: relaySettingsResultSchema,
    description: 'the settings (201 when created)',
  },
  table: 'readwrite',
} satisfies RouteDef;

export const ackNotice = {
  operationId: 'ackNotice',
  method: 'POST',
  path: '/v1/notices/{noticeId}/ack',
  function: 'ack-notice',
  auth: ['relay'],
  summary: 'A relay acknowledges one of its own notices (the first acknowledgement is kept)',
  params: noticeIdParams,
  success: { status: 200, schema: noticeAckSchema, description: 'acknowledged' },
  table: 'readwrite',
} satisfies RouteDef;

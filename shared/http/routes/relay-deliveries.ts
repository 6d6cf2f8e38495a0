/**
 * Routes of a relay's notice deliveries (its own failed notices, and sending them again), composed
 * into the one route table (../routes.ts).
 */
import {
  redriveBodySchema,
  redriveResultSchema,
  relayDeliveriesParams,
  relayDeliveriesQuery,
  relayDeliveryPageSchema,
} from '../../schemas/relay-deliveries.js';
import type { RouteDef } from '../routes.js';

export const listRelayDeliveries = {
  operationId: 'listRelayDeliveries',
  method: 'GET',
  path: '/v1/relay-operators/{relayId}/deliveries',
  function: 'list-relay-deliveries',
  auth: ['relay', 'admin'],
  summary:
    'Notices sent to a relay and their delivery state, newest first; filter by status (FAILED: retries exhausted, in the dead-letter queue). A relay sees only its own',
  params: relayDeliveriesParams,
  query: relayDeliveriesQuery,
  success: { status: 200, schema: relayDeliveryPageSchema, description: 'a page of deliveries' },
  table: 'read',
} satisfies RouteDef;

export const redriveRelayDeliveries = {
  operationId: 'redriveRelayDeliveries',
  method: 'POST',
  path: '/v1/relay-operators/{relayId}/deliveries/redrive',
  function: 'redrive-relay-deliveries',
  auth: ['relay', 'admin'],
  summary:
    'Send FAILED notices again with a fresh retry schedule (the named ones, or up to 100); a relay only its own',
  params: relayDeliveriesParams,
  body: redriveBodySchema,
  bodyOptional: true,
  idempotent: true,
  success: { status: 200, schema: redriveResultSchema, description: 'what was re-driven' },
  table: 'readwrite',
} satisfies RouteDef;

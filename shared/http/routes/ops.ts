import { clockBodySchema, clockResponseSchema, healthSchema } from '../../schemas/ops.js';
import type { RouteDef } from '../routes.js';

/**
 * The runtime's own routes: readiness, the OpenAPI document, and the local business clock (local
 * runtime only, never deployed). Each route is its own export so a bundle keeps only the one it serves;
 * ../routes.ts composes the table.
 */

export const getHealth = {
  operationId: 'getHealth',
  method: 'GET',
  path: '/health',
  function: 'get-health',
  auth: 'public',
  summary: 'Readiness: storage reachable and seed data present',
  success: { status: 200, schema: healthSchema, description: 'ready' },
  table: 'read',
} satisfies RouteDef;

export const getOpenApi = {
  operationId: 'getOpenApi',
  method: 'GET',
  path: '/openapi.json',
  function: 'get-openapi',
  auth: 'public',
  summary: 'This OpenAPI 3.1 document',
  success: { status: 200, description: 'the document' },
  table: 'none',
} satisfies RouteDef;

export const setLocalClock = {
  operationId: 'setLocalClock',
  method: 'POST',
  path: '/_local/clock',
  function: 'set-local-clock',
  auth: ['admin'],
  summary: 'Local runtime only: set or advance the business clock',
  body: clockBodySchema,
  success: { status: 200, schema: clockResponseSchema, description: 'the business time now' },
  table: 'none',
  localOnly: true,
} satisfies RouteDef;

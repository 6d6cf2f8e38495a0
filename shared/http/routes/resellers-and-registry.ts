import { brnParams, eligibilityDecisionSchema, paginationQuery } from '../../schemas/common.js';
import {
  changesQuery,
  changesSchema,
  closureBodySchema,
  registryQuery,
  registrySchema,
  resellerProfileSchema,
} from '../../schemas/registry.js';
import type { RouteDef } from '../routes.js';

/**
 * Resellers and the registry relays read: profile, eligibility (the hot path), the snapshot and its
 * change feed, closures and notifications. Each route is its own export; ../routes.ts composes the table.
 */

export const getReseller = {
  operationId: 'getReseller',
  method: 'GET',
  path: '/v1/resellers/{brn}',
  function: 'get-reseller',
  auth: ['reseller', 'relay', 'reviewer', 'committee', 'regulator', 'admin'],
  summary: 'Reseller profile, eligibility, certificate and open sanctions',
  params: brnParams,
  success: { status: 200, schema: resellerProfileSchema, description: 'the reseller' },
  table: 'read',
} satisfies RouteDef;

export const recordResellerClosure = {
  operationId: 'recordResellerClosure',
  method: 'POST',
  path: '/v1/resellers/{brn}/closure',
  function: 'record-reseller-closure',
  auth: ['admin'],
  summary:
    'The reseller closed its business: UNCERTIFIED from closedAt (announced reseller.blocked), fingerprints kept',
  params: brnParams,
  body: closureBodySchema,
  idempotent: true,
  success: { status: 200, schema: resellerProfileSchema, description: 'the reseller' },
  table: 'readwrite',
} satisfies RouteDef;

export const listResellerNotifications = {
  operationId: 'listResellerNotifications',
  method: 'GET',
  path: '/v1/resellers/{brn}/notifications',
  function: 'list-reseller-notifications',
  auth: ['reseller', 'reviewer', 'committee', 'regulator', 'admin'],
  summary: 'Notifications sent to a reseller (grace-period reminders), newest first',
  params: brnParams,
  query: paginationQuery,
  success: { status: 200, description: 'a page of notifications' },
  table: 'read',
} satisfies RouteDef;

export const getEligibility = {
  operationId: 'getEligibility',
  method: 'GET',
  path: '/v1/resellers/{brn}/eligibility',
  function: 'get-eligibility',
  auth: ['reseller', 'relay', 'reviewer', 'committee', 'regulator', 'admin'],
  summary: 'May this reseller send advertising messages now?',
  params: brnParams,
  // The relays' hot path, asked many times a second: 2 s of reuse, well under the 5 s bar.
  cache: { ttlSeconds: 2 },
  success: { status: 200, schema: eligibilityDecisionSchema, description: 'the decision' },
  table: 'read',
} satisfies RouteDef;

export const getRegistry = {
  operationId: 'getRegistry',
  method: 'GET',
  path: '/v1/registry',
  function: 'get-registry',
  auth: ['relay', 'regulator', 'admin'],
  summary: 'Every reseller’s eligibility; ETag is the latest change-feed sequence',
  query: registryQuery,
  success: { status: 200, schema: registrySchema, description: 'the registry snapshot' },
  table: 'read',
} satisfies RouteDef;

export const listRegistryChanges = {
  operationId: 'listRegistryChanges',
  method: 'GET',
  path: '/v1/registry/changes',
  function: 'list-registry-changes',
  auth: ['relay', 'regulator', 'admin'],
  summary: 'Ordered eligibility change feed, oldest first',
  query: changesQuery,
  success: { status: 200, schema: changesSchema, description: 'a page of changes' },
  table: 'read',
} satisfies RouteDef;

import {
  imposeSanctionBodySchema,
  liftSanctionBodySchema,
  listSanctionsQuery,
  resellerSanctionsParams,
  sanctionIdParams,
  sanctionNoticesSchema,
  sanctionSchema,
  sanctionsPageSchema,
} from '../../schemas/sanctions.js';
import type { RouteDef } from '../routes.js';

/**
 * Sanctions outside and after a spam case: impose, list, lift, and the relays' notices of them.
 * Each route is its own export; ../routes.ts composes the table.
 */

export const imposeSanction = {
  operationId: 'imposeSanction',
  method: 'POST',
  path: '/v1/resellers/{brn}/sanctions',
  function: 'impose-sanction',
  auth: ['reviewer', 'committee'],
  summary:
    'Impose a sanction outside a spam case (e.g. an inspection failure); revocation is the committee’s',
  params: resellerSanctionsParams,
  body: imposeSanctionBodySchema,
  idempotent: true,
  success: { status: 201, schema: sanctionSchema, description: 'the sanction, in force' },
  table: 'readwrite',
} satisfies RouteDef;

export const listSanctions = {
  operationId: 'listSanctions',
  method: 'GET',
  path: '/v1/resellers/{brn}/sanctions',
  function: 'list-sanctions',
  auth: ['reseller', 'relay', 'reviewer', 'committee', 'regulator'],
  summary: 'A reseller’s sanctions, newest first',
  params: resellerSanctionsParams,
  query: listSanctionsQuery,
  success: { status: 200, schema: sanctionsPageSchema, description: 'a page of sanctions' },
  table: 'read',
} satisfies RouteDef;

export const liftSanction = {
  operationId: 'liftSanction',
  method: 'POST',
  path: '/v1/sanctions/{sanctionId}/lift',
  function: 'lift-sanction',
  auth: ['reviewer', 'committee'],
  summary: 'End a throttle or suspension early: the reseller is reinstated and every relay told',
  params: sanctionIdParams,
  body: liftSanctionBodySchema,
  idempotent: true,
  success: { status: 200, schema: sanctionSchema, description: 'the lifted sanction' },
  table: 'readwrite',
} satisfies RouteDef;

export const listSanctionNotices = {
  operationId: 'listSanctionNotices',
  method: 'GET',
  path: '/v1/sanctions/{sanctionId}/notices',
  function: 'list-sanction-notices',
  auth: ['reviewer', 'committee', 'regulator', 'admin'],
  summary: 'Delivery state of each relay’s notices of a sanction (imposed and lifted)',
  params: sanctionIdParams,
  success: { status: 200, schema: sanctionNoticesSchema, description: 'the notices by relay' },
  table: 'read',
} satisfies RouteDef;

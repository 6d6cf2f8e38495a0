import { roles } from '../../domain/core/principal.js';
import { checklistResponseSchema, policyChangeSchema, policyResponseSchema } from '../../schemas/policy.js';
import { existingResellerImportSchema, importResultSchema } from '../../schemas/registry.js';
import type { RouteDef } from '../routes.js';

/**
 * Administration: importing resellers registered before the programme start, the checklist, and
 * policy versions. Each route is its own export; ../routes.ts composes the table.
 */

export const importExistingResellers = {
  operationId: 'importExistingResellers',
  method: 'POST',
  path: '/v1/admin/existing-resellers',
  function: 'import-existing-resellers',
  auth: ['admin'],
  summary: 'Import resellers registered before the program start (JSON array or CSV)',
  body: existingResellerImportSchema,
  alsoAccepts: ['text/csv'],
  idempotent: true,
  success: { status: 200, schema: importResultSchema, description: 'per-row outcome' },
  table: 'readwrite',
} satisfies RouteDef;

export const getChecklist = {
  operationId: 'getChecklist',
  method: 'GET',
  path: '/v1/checklist',
  function: 'get-checklist',
  auth: roles,
  summary: 'The certification checklist in force',
  success: { status: 200, schema: checklistResponseSchema, description: 'the checklist' },
  table: 'none',
} satisfies RouteDef;

export const getPolicy = {
  operationId: 'getPolicy',
  method: 'GET',
  path: '/v1/policy',
  function: 'get-policy',
  auth: ['reviewer', 'committee', 'regulator', 'admin'],
  summary: 'Policy parameters in force now, with the date each took effect',
  success: { status: 200, schema: policyResponseSchema, description: 'the policy' },
  table: 'read',
} satisfies RouteDef;

export const putPolicy = {
  operationId: 'putPolicy',
  method: 'PUT',
  path: '/v1/policy',
  function: 'put-policy',
  auth: ['admin'],
  summary: 'Add a policy version with an effective date (history kept; the past never rewritten)',
  body: policyChangeSchema,
  success: { status: 201, schema: policyResponseSchema, description: 'the version added' },
  table: 'readwrite',
} satisfies RouteDef;

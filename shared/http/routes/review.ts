import {
  applicationIdParams,
  applicationSchema,
  committeeDecisionBodySchema,
  inspectionBodySchema,
  reviewBodySchema,
} from '../../schemas/applications.js';
import type { RouteDef } from '../routes.js';

/**
 * Review of an application by KCUP (document review, on-site inspection) and the operating
 * committee's decision. Each route is its own export; ../routes.ts composes the table.
 */

export const reviewApplication = {
  operationId: 'reviewApplication',
  method: 'POST',
  path: '/v1/applications/{applicationId}/review',
  function: 'review-application',
  auth: ['reviewer'],
  summary: 'KCUP document review decision',
  params: applicationIdParams,
  body: reviewBodySchema,
  idempotent: true,
  success: { status: 200, schema: applicationSchema, description: 'the application after the decision' },
  table: 'read',
} satisfies RouteDef;

export const recordInspection = {
  operationId: 'recordInspection',
  method: 'POST',
  path: '/v1/applications/{applicationId}/inspection',
  function: 'record-inspection',
  auth: ['reviewer'],
  summary: 'On-site inspection result',
  params: applicationIdParams,
  body: inspectionBodySchema,
  idempotent: true,
  success: { status: 200, schema: applicationSchema, description: 'the application after the inspection' },
  table: 'read',
} satisfies RouteDef;

export const decideApplication = {
  operationId: 'decideApplication',
  method: 'POST',
  path: '/v1/applications/{applicationId}/decision',
  function: 'decide-application',
  auth: ['committee'],
  summary: 'Operating committee’s final certification decision',
  params: applicationIdParams,
  body: committeeDecisionBodySchema,
  idempotent: true,
  success: { status: 200, schema: applicationSchema, description: 'the decided application' },
  table: 'read',
} satisfies RouteDef;

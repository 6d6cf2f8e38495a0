import {
  applicationBodySchema,
  applicationDetailSchema,
  applicationIdParams,
  applicationSchema,
  listApplicationsQuery,
  supplementBodySchema,
  withdrawBodySchema,
} from '../../schemas/applications.js';
import type { RouteDef } from '../routes.js';

/**
 * A reseller's certification application: submit, read, answer a supplement request, withdraw. Each
 * route is its own export so a bundle keeps only the one it serves; ../routes.ts composes the table.
 */

export const submitApplication = {
  operationId: 'submitApplication',
  method: 'POST',
  path: '/v1/applications',
  function: 'submit-application',
  auth: ['reseller'],
  summary: 'Submit a certification application for the caller’s own business',
  body: applicationBodySchema,
  idempotent: true,
  success: { status: 201, schema: applicationSchema, description: 'accepted for screening' },
  table: 'readwrite',
} satisfies RouteDef;

export const listApplications = {
  operationId: 'listApplications',
  method: 'GET',
  path: '/v1/applications',
  function: 'list-applications',
  auth: ['reseller', 'reviewer', 'committee', 'regulator'],
  summary: 'Applications (a reseller sees only its own); filter by status for work queues',
  query: listApplicationsQuery,
  success: { status: 200, description: 'a page of applications' },
  table: 'read',
} satisfies RouteDef;

export const getApplication = {
  operationId: 'getApplication',
  method: 'GET',
  path: '/v1/applications/{applicationId}',
  function: 'get-application',
  auth: ['reseller', 'reviewer', 'committee', 'regulator'],
  summary: 'One application with its history',
  params: applicationIdParams,
  success: { status: 200, schema: applicationDetailSchema, description: 'the application' },
  table: 'read',
} satisfies RouteDef;

export const submitSupplement = {
  operationId: 'submitSupplement',
  method: 'POST',
  path: '/v1/applications/{applicationId}/supplements',
  function: 'supplement-application',
  auth: ['reseller'],
  summary: 'Answer an open supplement request (409 when none is open)',
  params: applicationIdParams,
  body: supplementBodySchema,
  idempotent: true,
  success: { status: 200, schema: applicationSchema, description: 'the application after the supplement' },
  table: 'readwrite',
} satisfies RouteDef;

export const withdrawApplication = {
  operationId: 'withdrawApplication',
  method: 'POST',
  path: '/v1/applications/{applicationId}/withdraw',
  function: 'withdraw-application',
  auth: ['reseller'],
  summary: 'Withdraw an application that is not decided yet',
  params: applicationIdParams,
  body: withdrawBodySchema,
  bodyOptional: true,
  idempotent: true,
  success: { status: 200, schema: applicationSchema, description: 'the withdrawn application' },
  table: 'readwrite',
} satisfies RouteDef;

/**
 * Routes of the staff work queues: assigning applications, cases, objections and change reports
 * (inspections assign in lifecycle.ts) and the change-report queue across resellers, composed into
 * the one route table (../routes.ts). The other queue lists take `assignee=` and `dueBefore=`.
 */
import { applicationDetailSchema, applicationIdParams } from '../../schemas/applications.js';
import { spamCaseSchema } from '../../schemas/cases.js';
import {
  changeReportIdParams,
  changeReportPageSchema,
  changeReportSchema,
} from '../../schemas/change-reports.js';
import { assigneeBodySchema } from '../../schemas/inspections.js';
import { objectionIdParams, objectionSchema } from '../../schemas/objections.js';
import { caseIdParams } from '../../schemas/sanctions.js';
import { changeReportQueueQuery } from '../../schemas/work-queues.js';
import type { RouteDef } from '../routes.js';

export const assignApplication = {
  operationId: 'assignApplication',
  method: 'PUT',
  path: '/v1/applications/{applicationId}/assignee',
  function: 'assign-work-item',
  auth: ['reviewer', 'committee'],
  summary: 'Assign an application under review to a member of staff (409 once it has ended)',
  params: applicationIdParams,
  body: assigneeBodySchema,
  success: { status: 200, schema: applicationDetailSchema, description: 'the application' },
  table: 'readwrite',
} satisfies RouteDef;

export const assignCase = {
  operationId: 'assignCase',
  method: 'PUT',
  path: '/v1/cases/{caseId}/assignee',
  function: 'assign-work-item',
  auth: ['reviewer', 'committee'],
  summary: 'Assign an OPEN spam case to a member of staff (409 once it is decided)',
  params: caseIdParams,
  body: assigneeBodySchema,
  success: { status: 200, schema: spamCaseSchema, description: 'the case' },
  table: 'readwrite',
} satisfies RouteDef;

export const assignObjection = {
  operationId: 'assignObjection',
  method: 'PUT',
  path: '/v1/objections/{objectionId}/assignee',
  function: 'assign-work-item',
  auth: ['reviewer', 'committee'],
  summary: 'Assign a FILED objection to a member of staff (409 once it is decided)',
  params: objectionIdParams,
  body: assigneeBodySchema,
  success: { status: 200, schema: objectionSchema, description: 'the objection' },
  table: 'readwrite',
} satisfies RouteDef;

export const assignChangeReport = {
  operationId: 'assignChangeReport',
  method: 'PUT',
  path: '/v1/change-reports/{changeReportId}/assignee',
  function: 'assign-work-item',
  auth: ['reviewer', 'committee'],
  summary: 'Assign a change report UNDER_REVIEW to a reviewer (409 otherwise)',
  params: changeReportIdParams,
  body: assigneeBodySchema,
  success: { status: 200, schema: changeReportSchema, description: 'the change report' },
  table: 'readwrite',
} satisfies RouteDef;

export const listChangeReportQueue = {
  operationId: 'listChangeReportQueue',
  method: 'GET',
  path: '/v1/change-reports',
  function: 'list-change-reports',
  auth: ['reviewer', 'committee', 'regulator'],
  summary:
    'Every reseller’s change reports, oldest first; filter by status, assignee and due date (work queue)',
  query: changeReportQueueQuery,
  success: { status: 200, schema: changeReportPageSchema, description: 'a page of change reports' },
  table: 'read',
} satisfies RouteDef;

import { auditPageSchema, auditQuery } from '../../schemas/audit.js';
import {
  changeReportBodySchema,
  changeReportIdParams,
  changeReportPageSchema,
  changeReportReviewBodySchema,
  changeReportSchema,
} from '../../schemas/change-reports.js';
import { brnParams, paginationQuery } from '../../schemas/common.js';
import {
  assigneeBodySchema,
  inspectionDecisionBodySchema,
  inspectionIdParams,
  inspectionPageSchema,
  inspectionResultBodySchema,
  inspectionSchema,
  listInspectionsQuery,
} from '../../schemas/inspections.js';
import {
  listObjectionsQuery,
  objectionBodySchema,
  objectionDecisionBodySchema,
  objectionIdParams,
  objectionPageSchema,
  objectionSchema,
  stayBodySchema,
} from '../../schemas/objections.js';
import { resellerCasePageSchema, resellerCasesQuery } from '../../schemas/reseller-cases.js';
import type { RouteDef } from '../routes.js';

/**
 * Routes of the certificate's life after issuance (inspections, change reports, objections, work
 * queues, the audit trail). Each route is its own export; ../routes.ts composes the table.
 */

export const listAudit = {
  operationId: 'listAudit',
  method: 'GET',
  path: '/v1/audit',
  function: 'list-audit',
  auth: ['regulator', 'admin'],
  summary: 'The audit trail (append-only), newest first; filter by entity and time window',
  query: auditQuery,
  success: { status: 200, schema: auditPageSchema, description: 'a page of audit entries' },
  table: 'read',
} satisfies RouteDef;

export const listInspections = {
  operationId: 'listInspections',
  method: 'GET',
  path: '/v1/inspections',
  function: 'read-inspections',
  auth: ['reviewer', 'committee', 'regulator'],
  summary: 'Inspections, soonest due first; filter by status, assignee and due date (work queue)',
  query: listInspectionsQuery,
  success: { status: 200, schema: inspectionPageSchema, description: 'a page of inspections' },
  table: 'read',
} satisfies RouteDef;

export const getInspection = {
  operationId: 'getInspection',
  method: 'GET',
  path: '/v1/inspections/{inspectionId}',
  function: 'read-inspections',
  auth: ['reseller', 'reviewer', 'committee', 'regulator'],
  summary: 'One inspection with its history (its reseller, or staff)',
  params: inspectionIdParams,
  success: { status: 200, schema: inspectionSchema, description: 'the inspection' },
  table: 'read',
} satisfies RouteDef;

export const recordInspectionResult = {
  operationId: 'recordInspectionResult',
  method: 'POST',
  path: '/v1/inspections/{inspectionId}/result',
  function: 'record-inspection-result',
  auth: ['reviewer'],
  summary: 'Record an OPEN inspection’s result: PASS, FAIL (corrective period, re-inspection) or REFUSED',
  params: inspectionIdParams,
  body: inspectionResultBodySchema,
  idempotent: true,
  success: { status: 200, schema: inspectionSchema, description: 'the inspection after the result' },
  table: 'readwrite',
} satisfies RouteDef;

export const decideInspection = {
  operationId: 'decideInspection',
  method: 'POST',
  path: '/v1/inspections/{inspectionId}/decision',
  function: 'decide-inspection',
  auth: ['committee'],
  summary: 'The committee’s decision after a second failure: CLEAR, SUSPEND (until) or REVOKE',
  params: inspectionIdParams,
  body: inspectionDecisionBodySchema,
  idempotent: true,
  success: { status: 200, schema: inspectionSchema, description: 'the decided inspection' },
  table: 'readwrite',
} satisfies RouteDef;

export const assignInspection = {
  operationId: 'assignInspection',
  method: 'PUT',
  path: '/v1/inspections/{inspectionId}/assignee',
  function: 'assign-work-item',
  auth: ['reviewer', 'committee'],
  summary: 'Assign an inspection to a member of staff (409 once it is decided)',
  params: inspectionIdParams,
  body: assigneeBodySchema,
  success: { status: 200, schema: inspectionSchema, description: 'the inspection' },
  table: 'readwrite',
} satisfies RouteDef;

export const submitChangeReport = {
  operationId: 'submitChangeReport',
  method: 'POST',
  path: '/v1/resellers/{brn}/change-reports',
  function: 'submit-change-report',
  auth: ['reseller'],
  summary: 'Report a change to the application data (its owner); screened at once, material changes reviewed',
  params: brnParams,
  body: changeReportBodySchema,
  idempotent: true,
  success: { status: 201, schema: changeReportSchema, description: 'the report and its screening' },
  table: 'readwrite',
} satisfies RouteDef;

export const listChangeReports = {
  operationId: 'listChangeReports',
  method: 'GET',
  path: '/v1/resellers/{brn}/change-reports',
  function: 'list-change-reports',
  auth: ['reseller', 'reviewer', 'committee', 'regulator'],
  summary: 'A reseller’s change reports, newest first (its owner, or staff)',
  params: brnParams,
  query: paginationQuery,
  success: { status: 200, schema: changeReportPageSchema, description: 'a page of change reports' },
  table: 'read',
} satisfies RouteDef;

export const reviewChangeReport = {
  operationId: 'reviewChangeReport',
  method: 'POST',
  path: '/v1/change-reports/{changeReportId}/review',
  function: 'review-change-report',
  auth: ['reviewer'],
  summary: 'Accept or reject a change report under review (409 otherwise)',
  params: changeReportIdParams,
  body: changeReportReviewBodySchema,
  idempotent: true,
  success: { status: 200, schema: changeReportSchema, description: 'the decided report' },
  table: 'readwrite',
} satisfies RouteDef;

export const fileObjection = {
  operationId: 'fileObjection',
  method: 'POST',
  path: '/v1/objections',
  function: 'file-objection',
  auth: ['reseller'],
  summary:
    'Object to a rejection, sanction or revocation of the caller’s own, within the policy window; one per subject',
  body: objectionBodySchema,
  idempotent: true,
  success: { status: 201, schema: objectionSchema, description: 'the objection, FILED' },
  table: 'readwrite',
} satisfies RouteDef;

export const listObjections = {
  operationId: 'listObjections',
  method: 'GET',
  path: '/v1/objections',
  function: 'read-objections',
  auth: ['reseller', 'reviewer', 'committee', 'regulator'],
  summary: 'Objections, newest first (a reseller sees its own); filter by status and reseller',
  query: listObjectionsQuery,
  success: { status: 200, schema: objectionPageSchema, description: 'a page of objections' },
  table: 'read',
} satisfies RouteDef;

export const getObjection = {
  operationId: 'getObjection',
  method: 'GET',
  path: '/v1/objections/{objectionId}',
  function: 'read-objections',
  auth: ['reseller', 'reviewer', 'committee', 'regulator'],
  summary: 'One objection with its history (its reseller, or staff)',
  params: objectionIdParams,
  success: { status: 200, schema: objectionSchema, description: 'the objection' },
  table: 'read',
} satisfies RouteDef;

export const stayObjection = {
  operationId: 'stayObjection',
  method: 'POST',
  path: '/v1/objections/{objectionId}/stay',
  function: 'stay-objection',
  auth: ['committee'],
  summary: 'Grant or refuse a stay: a granted stay pauses the contested sanction until the decision',
  params: objectionIdParams,
  body: stayBodySchema,
  idempotent: true,
  success: { status: 200, schema: objectionSchema, description: 'the objection' },
  table: 'readwrite',
} satisfies RouteDef;

export const decideObjection = {
  operationId: 'decideObjection',
  method: 'POST',
  path: '/v1/objections/{objectionId}/decision',
  function: 'decide-objection',
  auth: ['committee'],
  summary:
    'UPHOLD, MODIFY (replacement sanction) or CANCEL (the sanction ends at once; a rejection goes back to the committee)',
  params: objectionIdParams,
  body: objectionDecisionBodySchema,
  idempotent: true,
  success: { status: 200, schema: objectionSchema, description: 'the decided objection' },
  table: 'readwrite',
} satisfies RouteDef;

export const listResellerCases = {
  operationId: 'listResellerCases',
  method: 'GET',
  path: '/v1/resellers/{brn}/cases',
  function: 'list-reseller-cases',
  auth: ['reseller', 'reviewer', 'committee', 'regulator'],
  summary: 'A reseller’s spam cases with counts by category, relay and KST day; never a reporter’s data',
  params: brnParams,
  query: resellerCasesQuery,
  success: { status: 200, schema: resellerCasePageSchema, description: 'a page of cases' },
  table: 'read',
} satisfies RouteDef;

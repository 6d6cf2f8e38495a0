import type * as z from 'zod';
/**
 * The one description of the HTTP surface. CDK builds API Gateway resources and one Lambda per
 * `function` from it; the local gateway serves the same table; the OpenAPI document is generated
 * from it. Roles are Cognito groups; `public` routes carry no authorizer.
 */
import { type Role, roles } from '../domain/principal.js';
import {
  applicationBodySchema,
  applicationDetailSchema,
  applicationIdParams,
  applicationSchema,
  committeeDecisionBodySchema,
  inspectionBodySchema,
  listApplicationsQuery,
  reviewBodySchema,
  supplementBodySchema,
  withdrawBodySchema,
} from '../schemas/applications.js';
import { eligibilityDecisionSchema, paginationQuery } from '../schemas/common.js';
import {
  brnParams,
  changesQuery,
  changesSchema,
  checklistResponseSchema,
  clockBodySchema,
  clockResponseSchema,
  closureBodySchema,
  existingResellerImportSchema,
  healthSchema,
  importResultSchema,
  policyChangeSchema,
  policyResponseSchema,
  registryQuery,
  registrySchema,
  relayOperatorsSchema,
  resellerProfileSchema,
} from '../schemas/registry.js';
import {
  caseDecisionBodySchema,
  caseDecisionResultSchema,
  caseIdParams,
  imposeSanctionBodySchema,
  liftSanctionBodySchema,
  listSanctionsQuery,
  noticeAckSchema,
  noticeIdParams,
  relaySettingsBodySchema,
  relaySettingsParams,
  relaySettingsResultSchema,
  resellerSanctionsParams,
  sanctionIdParams,
  sanctionNoticesSchema,
  sanctionSchema,
  sanctionsPageSchema,
} from '../schemas/sanctions.js';
import {
  firstSenderCodesBodySchema,
  firstSenderCodesResultSchema,
  listCasesQuery,
  monthlyStatisticsQuery,
  monthlyStatisticsSchema,
  spamCasePageSchema,
  spamIntakeResultSchema,
  spamReportsBodySchema,
} from '../schemas/spam.js';
import { lifecycleRoutes } from './routes/lifecycle.js';
import { relayDeliveryRoutes } from './routes/relay-deliveries.js';
import { verifiableRegistryRoutes } from './routes/verifiable-registry.js';

export { type Role, roles };
export const ANY_ROLE: readonly Role[] = roles;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a function may do to the registry table; CDK turns it into the narrowest grant. */
export type TableAccess = 'none' | 'read' | 'readwrite';

export interface RouteDef {
  operationId: string;
  method: HttpMethod;
  /** API Gateway path syntax: `/v1/applications/{applicationId}`. */
  path: string;
  /** Folder under functions/ holding `handler.ts` (verb-noun). */
  function: string;
  auth: 'public' | readonly Role[];
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body may be left out (or empty); the schema then validates `{}`. */
  bodyOptional?: boolean;
  /** Body media types beyond JSON the route accepts (the CSV import). */
  alsoAccepts?: readonly string[];
  /** POSTs that honour an Idempotency-Key header. */
  idempotent?: boolean;
  success: { status: number; schema?: z.ZodType; description: string };
  /**
   * API Gateway's method cache (the local gateway plays it): successful answers are reused for
   * `ttlSeconds`, keyed by path, query and the Authorization header, so no caller ever gets
   * another caller's answer. Kept under the 5 s bar for a change to reach every relay; locally a committed
   * reseller change empties it at once.
   */
  cache?: { ttlSeconds: number };
  table: TableAccess;
  /** Served by the local runtime only; never deployed. */
  localOnly?: boolean;
}

const r = <T extends RouteDef>(def: T): T => def;

export const routes = {
  getHealth: r({
    operationId: 'getHealth',
    method: 'GET',
    path: '/health',
    function: 'get-health',
    auth: 'public',
    summary: 'Readiness: storage reachable and seed data present',
    success: { status: 200, schema: healthSchema, description: 'ready' },
    table: 'read',
  }),
  getOpenApi: r({
    operationId: 'getOpenApi',
    method: 'GET',
    path: '/openapi.json',
    function: 'get-openapi',
    auth: 'public',
    summary: 'This OpenAPI 3.1 document',
    success: { status: 200, description: 'the document' },
    table: 'none',
  }),
  submitApplication: r({
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
  }),
  listApplications: r({
    operationId: 'listApplications',
    method: 'GET',
    path: '/v1/applications',
    function: 'list-applications',
    auth: ['reseller', 'reviewer', 'committee', 'regulator'],
    summary: 'Applications (a reseller sees only its own); filter by status for work queues',
    query: listApplicationsQuery,
    success: { status: 200, description: 'a page of applications' },
    table: 'read',
  }),
  getApplication: r({
    operationId: 'getApplication',
    method: 'GET',
    path: '/v1/applications/{applicationId}',
    function: 'get-application',
    auth: ['reseller', 'reviewer', 'committee', 'regulator'],
    summary: 'One application with its history',
    params: applicationIdParams,
    success: { status: 200, schema: applicationDetailSchema, description: 'the application' },
    table: 'read',
  }),
  submitSupplement: r({
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
  }),
  withdrawApplication: r({
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
  }),
  reviewApplication: r({
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
  }),
  recordInspection: r({
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
  }),
  decideApplication: r({
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
  }),
  getReseller: r({
    operationId: 'getReseller',
    method: 'GET',
    path: '/v1/resellers/{brn}',
    function: 'get-reseller',
    auth: ['reseller', 'relay', 'reviewer', 'committee', 'regulator', 'admin'],
    summary: 'Reseller profile, eligibility, certificate and open sanctions',
    params: brnParams,
    success: { status: 200, schema: resellerProfileSchema, description: 'the reseller' },
    table: 'read',
  }),
  recordResellerClosure: r({
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
  }),
  listResellerNotifications: r({
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
  }),
  getEligibility: r({
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
  }),
  getRegistry: r({
    operationId: 'getRegistry',
    method: 'GET',
    path: '/v1/registry',
    function: 'get-registry',
    auth: ['relay', 'regulator', 'admin'],
    summary: 'Every reseller’s eligibility; ETag is the latest change-feed sequence',
    query: registryQuery,
    success: { status: 200, schema: registrySchema, description: 'the registry snapshot' },
    table: 'read',
  }),
  listRegistryChanges: r({
    operationId: 'listRegistryChanges',
    method: 'GET',
    path: '/v1/registry/changes',
    function: 'list-registry-changes',
    auth: ['relay', 'regulator', 'admin'],
    summary: 'Ordered eligibility change feed, oldest first',
    query: changesQuery,
    success: { status: 200, schema: changesSchema, description: 'a page of changes' },
    table: 'read',
  }),
  importExistingResellers: r({
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
  }),
  listRelayOperators: r({
    operationId: 'listRelayOperators',
    method: 'GET',
    path: '/v1/relay-operators',
    function: 'list-relay-operators',
    auth: ANY_ROLE,
    summary: 'Relay operators (admin also sees webhook URLs; secrets never)',
    success: { status: 200, schema: relayOperatorsSchema, description: 'the relay operators' },
    table: 'read',
  }),
  getChecklist: r({
    operationId: 'getChecklist',
    method: 'GET',
    path: '/v1/checklist',
    function: 'get-checklist',
    auth: ANY_ROLE,
    summary: 'The certification checklist in force',
    success: { status: 200, schema: checklistResponseSchema, description: 'the checklist' },
    table: 'none',
  }),
  getPolicy: r({
    operationId: 'getPolicy',
    method: 'GET',
    path: '/v1/policy',
    function: 'get-policy',
    auth: ['reviewer', 'committee', 'regulator', 'admin'],
    summary: 'Policy parameters in force now, with the date each took effect',
    success: { status: 200, schema: policyResponseSchema, description: 'the policy' },
    table: 'read',
  }),
  // ── spam intake, cases and statistics (spam capability adds its routes here) ──
  submitSpamReports: r({
    operationId: 'submitSpamReports',
    method: 'POST',
    path: '/v1/spam-reports',
    function: 'submit-spam-reports',
    auth: ['monitor'],
    summary: 'Submit up to 500 spam reports; valid ones are queued, invalid rows rejected one by one',
    body: spamReportsBodySchema,
    success: { status: 202, schema: spamIntakeResultSchema, description: 'queued; per-row rejections' },
    table: 'none',
  }),
  listCases: r({
    operationId: 'listCases',
    method: 'GET',
    path: '/v1/cases',
    function: 'list-cases',
    auth: ['reviewer', 'committee', 'regulator'],
    summary: 'Spam cases, newest first; filter by status and reseller',
    query: listCasesQuery,
    success: { status: 200, schema: spamCasePageSchema, description: 'a page of cases' },
    table: 'read',
  }),
  putFirstSenderCodes: r({
    operationId: 'putFirstSenderCodes',
    method: 'PUT',
    path: '/v1/resellers/{brn}/first-sender-codes',
    function: 'put-first-sender-codes',
    auth: ['reseller', 'admin'],
    summary: 'Set the first-sender identification codes a reseller inserts (409 if another holds one)',
    params: brnParams,
    body: firstSenderCodesBodySchema,
    success: { status: 200, schema: firstSenderCodesResultSchema, description: 'the reseller’s codes' },
    table: 'readwrite',
  }),
  getMonthlyStatistics: r({
    operationId: 'getMonthlyStatistics',
    method: 'GET',
    path: '/v1/statistics/monthly',
    function: 'get-monthly-statistics',
    auth: ['regulator', 'reviewer'],
    summary: 'Monthly statistics (month in KST, live for the current month)',
    query: monthlyStatisticsQuery,
    success: { status: 200, schema: monthlyStatisticsSchema, description: 'the month’s statistics' },
    table: 'read',
  }),

  // ── sanctions, notices and relay settings (sanctions capability adds its routes here) ──
  decideCase: r({
    operationId: 'decideCase',
    method: 'POST',
    path: '/v1/cases/{caseId}/decision',
    function: 'decide-case',
    auth: ['reviewer', 'committee'],
    summary:
      'Confirm or dismiss an open spam case; warning/throttle/suspension take effect at once, revocation is the committee’s',
    params: caseIdParams,
    body: caseDecisionBodySchema,
    idempotent: true,
    success: {
      status: 200,
      schema: caseDecisionResultSchema,
      description: 'the decided case and its sanction',
    },
    table: 'readwrite',
  }),
  imposeSanction: r({
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
  }),
  listSanctions: r({
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
  }),
  liftSanction: r({
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
  }),
  listSanctionNotices: r({
    operationId: 'listSanctionNotices',
    method: 'GET',
    path: '/v1/sanctions/{sanctionId}/notices',
    function: 'list-sanction-notices',
    auth: ['reviewer', 'committee', 'regulator', 'admin'],
    summary: 'Delivery state of each relay’s notices of a sanction (imposed and lifted)',
    params: sanctionIdParams,
    success: { status: 200, schema: sanctionNoticesSchema, description: 'the notices by relay' },
    table: 'read',
  }),
  ackNotice: r({
    operationId: 'ackNotice',
    method: 'POST',
    path: '/v1/notices/{noticeId}/ack',
    function: 'ack-notice',
    auth: ['relay'],
    summary: 'A relay acknowledges one of its own notices (the first acknowledgement is kept)',
    params: noticeIdParams,
    success: { status: 200, schema: noticeAckSchema, description: 'acknowledged' },
    table: 'readwrite',
  }),
  putRelayOperator: r({
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
  }),

  putPolicy: r({
    operationId: 'putPolicy',
    method: 'PUT',
    path: '/v1/policy',
    function: 'put-policy',
    auth: ['admin'],
    summary: 'Add a policy version with an effective date (history kept; the past never rewritten)',
    body: policyChangeSchema,
    success: { status: 201, schema: policyResponseSchema, description: 'the version added' },
    table: 'readwrite',
  }),
  setLocalClock: r({
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
  }),
  ...verifiableRegistryRoutes,
  ...lifecycleRoutes,
  ...relayDeliveryRoutes,
} satisfies Record<string, RouteDef>;

export type RouteId = keyof typeof routes;
export const routeList: readonly RouteDef[] = Object.values(routes);
export const deployedRoutes: readonly RouteDef[] = routeList.filter((x) => !x.localOnly);

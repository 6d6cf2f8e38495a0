/**
 * The one description of the HTTP surface. CDK builds API Gateway resources and one Lambda per
 * `function` from it; the local gateway serves the same table; the OpenAPI document is generated
 * from it. Roles are Cognito groups; `public` routes carry no authorizer.
 *
 * Each area's routes live in their own module under ./routes/, one export per route, and a handler
 * imports its route from there (never this table), so its bundle holds only that route's schemas.
 */
import type * as z from 'zod';
import { type Role, roles } from '../domain/core/principal.js';
import * as admin from './routes/admin-and-policy.js';
import * as applications from './routes/applications.js';
import * as lifecycle from './routes/lifecycle.js';
import * as ops from './routes/ops.js';
import * as relayDeliveries from './routes/relay-deliveries.js';
import * as relays from './routes/relays-and-notices.js';
import * as resellers from './routes/resellers-and-registry.js';
import * as review from './routes/review.js';
import * as sanctions from './routes/sanctions.js';
import * as spam from './routes/spam-and-cases.js';
import * as statistics from './routes/statistics.js';
import * as verifiable from './routes/verifiable-registry.js';
import * as workQueues from './routes/work-queues.js';

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

/** In the OpenAPI document's order: paths and named schemas appear as they are registered. */
export const routes = {
  getHealth: ops.getHealth,
  getOpenApi: ops.getOpenApi,
  submitApplication: applications.submitApplication,
  listApplications: applications.listApplications,
  getApplication: applications.getApplication,
  submitSupplement: applications.submitSupplement,
  withdrawApplication: applications.withdrawApplication,
  reviewApplication: review.reviewApplication,
  recordInspection: review.recordInspection,
  decideApplication: review.decideApplication,
  getReseller: resellers.getReseller,
  recordResellerClosure: resellers.recordResellerClosure,
  listResellerNotifications: resellers.listResellerNotifications,
  getEligibility: resellers.getEligibility,
  getRegistry: resellers.getRegistry,
  listRegistryChanges: resellers.listRegistryChanges,
  importExistingResellers: admin.importExistingResellers,
  listRelayOperators: relays.listRelayOperators,
  getChecklist: admin.getChecklist,
  getPolicy: admin.getPolicy,
  submitSpamReports: spam.submitSpamReports,
  listCases: spam.listCases,
  putFirstSenderCodes: spam.putFirstSenderCodes,
  getMonthlyStatistics: statistics.getMonthlyStatistics,
  decideCase: spam.decideCase,
  imposeSanction: sanctions.imposeSanction,
  listSanctions: sanctions.listSanctions,
  liftSanction: sanctions.liftSanction,
  listSanctionNotices: sanctions.listSanctionNotices,
  ackNotice: relays.ackNotice,
  putRelayOperator: relays.putRelayOperator,
  putPolicy: admin.putPolicy,
  setLocalClock: ops.setLocalClock,
  getAttestation: verifiable.getAttestation,
  getJwks: verifiable.getJwks,
  getLogInclusion: verifiable.getLogInclusion,
  getLogConsistency: verifiable.getLogConsistency,
  getLogCheckpoint: verifiable.getLogCheckpoint,
  getLogVerifierKey: verifiable.getLogVerifierKey,
  getLogTile: verifiable.getLogTile,
  listAudit: lifecycle.listAudit,
  listInspections: lifecycle.listInspections,
  getInspection: lifecycle.getInspection,
  recordInspectionResult: lifecycle.recordInspectionResult,
  decideInspection: lifecycle.decideInspection,
  assignInspection: lifecycle.assignInspection,
  submitChangeReport: lifecycle.submitChangeReport,
  listChangeReports: lifecycle.listChangeReports,
  reviewChangeReport: lifecycle.reviewChangeReport,
  fileObjection: lifecycle.fileObjection,
  listObjections: lifecycle.listObjections,
  getObjection: lifecycle.getObjection,
  stayObjection: lifecycle.stayObjection,
  decideObjection: lifecycle.decideObjection,
  listResellerCases: lifecycle.listResellerCases,
  assignApplication: workQueues.assignApplication,
  assignCase: workQueues.assignCase,
  assignObjection: workQueues.assignObjection,
  assignChangeReport: workQueues.assignChangeReport,
  listChangeReportQueue: workQueues.listChangeReportQueue,
  listRelayDeliveries: relayDeliveries.listRelayDeliveries,
  redriveRelayDeliveries: relayDeliveries.redriveRelayDeliveries,
} satisfies Record<string, RouteDef>;

export type RouteId = keyof typeof routes;
export const routeList: readonly RouteDef[] = Object.values(routes);
export const deployedRoutes: readonly RouteDef[] = routeList.filter((x) => !x.localOnly);

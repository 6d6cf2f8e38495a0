import type { Application } from './applications/application.js';
import type { ApplicationStatus } from './applications/status-transitions.js';
import type { AttestationDeps } from './attestations/attestation-ports.js';
import type { AuditEntry } from './audit/audit-entry.js';
import type { SpamCase } from './cases/spam-case.js';
import type { Clock, Ids } from './core/clock.js';
import type { Page, PageRequest } from './core/paging.js';
import type { LifecycleDeps, LifecycleWrite } from './lifecycle-ports.js';
import type { PolicyVersion } from './policy/policy.js';
import type { ChangeEntry } from './resellers/change-feed.js';
import type { Reseller } from './resellers/eligibility.js';
import type { SanctionDeps } from './sanctions/ports.js';
import type { Sanction } from './sanctions/sanction.js';
import type { SpamDeps } from './spam/ports.js';
import type { TransparencyDeps } from './transparency/log-ports.js';
import type { WorkQueueFilter } from './work-queues/work-queue.js';

export type { AuditEntry } from './audit/audit-entry.js';
export type { SpamCase } from './cases/spam-case.js';
export type { Page, PageRequest } from './core/paging.js';
export type { Notice, NoticeType } from './notices/notice.js';
export type { ChangeEntry } from './resellers/change-feed.js';
export type { Sanction } from './sanctions/sanction.js';

/**
 * Ports the domain talks through; DynamoDB adapters implement them, unit tests pass fakes. The
 * records they carry live with their capability (core/paging, audit/audit-entry, notices/notice, …);
 * capability ports import those, never this file, so the ports have no import cycle.
 */

/**
 * One unit of work, committed atomically: the reseller and/or application (each conditional on
 * the revision read), the change-feed entry when the announced eligibility changed, audit entries.
 * Either everything is written or nothing is (no dual writes: a change, its feed entry, audit and notices commit together).
 */
export interface RegistryCommit {
  reseller?: { before: Reseller | undefined; after: Reseller };
  application?: { before: Application | undefined; after: Application };
  change?: Omit<ChangeEntry, 'seq'>;
  /** A case opened (before undefined: at most one OPEN case per reseller) or decided. */
  spamCase?: { before: SpamCase | undefined; after: SpamCase };
  /** A sanction imposed (before undefined) or lifted. */
  sanction?: { before: Sanction | undefined; after: Sanction };
  /** Inspections and other lifecycle records written with the change (lifecycle-ports.ts). */
  records?: LifecycleWrite[];
  audit: AuditEntry[];
}

export interface CaseRepository {
  get(caseId: string): Promise<SpamCase | undefined>;
  /** Newest first; `assignee` and `dueBefore` narrow a work queue. */
  list(
    filter: { status?: SpamCase['status']; brn?: string } & WorkQueueFilter,
    page: PageRequest,
  ): Promise<Page<SpamCase>>;
}

export interface SanctionRepository {
  get(sanctionId: string): Promise<Sanction | undefined>;
  /** Newest first. */
  listByReseller(brn: string, page: PageRequest): Promise<Page<Sanction>>;
}

/** A message to a reseller (grace reminders, time-driven changes). Recorded always; in AWS also published for e-mail/SMS. */
export interface ResellerNotification {
  notificationId: string;
  brn: string;
  kind:
    | 'GRACE_REMINDER'
    | 'ELIGIBILITY_CHANGED'
    | 'REAPPLICATION_BAR_ENDED'
    | 'INSPECTION_REMINDER'
    | 'INSPECTION_RESULT'
    | 'RENEWAL_REMINDER'
    | 'CERTIFICATE_RENEWED';
  at: string;
  subject: string;
  detail: Record<string, unknown>;
}

export interface ResellerNotifier {
  /** Idempotent by notificationId: a retried step sends nothing twice. */
  send(n: ResellerNotification): Promise<void>;
  list(brn: string, page: PageRequest): Promise<Page<ResellerNotification>>;
}

export interface ResellerRepository {
  get(brn: string): Promise<Reseller | undefined>;
  /** Every reseller, in brn order (the registry snapshot). */
  list(page: PageRequest): Promise<Page<Reseller>>;
  /** Resellers revoked, suspended or closed now, or whose bad standing ended at or after `since` (a sparse index). */
  listInBadStanding(since: string): Promise<Reseller[]>;
  /**
   * The latest due instant at or before `until` still waiting to be committed, if any: while one
   * exists, some reseller's derived eligibility may differ from what the feed has announced.
   */
  latestDueAtOrBefore(until: string): Promise<string | undefined>;
  /** Resellers whose `dueAt` is at or before `until` (a sparse index, not a scan). */
  listDue(until: string, page: PageRequest): Promise<Page<Reseller>>;
}

export interface ApplicationRepository {
  get(applicationId: string): Promise<Application | undefined>;
  /** `dueBefore` matches applications whose staff step is due by then (work-queue.ts applicationDueAt). */
  list(
    filter: { brn?: string; status?: ApplicationStatus } & WorkQueueFilter,
    page: PageRequest,
  ): Promise<Page<Application>>;
}

export interface RegistryRepository {
  /** Allocates the next certificate serial of a year (gaps are possible, duplicates never). */
  nextCertificateSerial(year: number): Promise<number>;
  /** Commits atomically; throws ConcurrentUpdateError when a revision moved underneath. */
  commit(unit: RegistryCommit): Promise<{ seq?: number }>;
  /** The latest change-feed sequence (0 before any change). */
  head(): Promise<number>;
  changes(after: number, limit: number): Promise<ChangeEntry[]>;
}

export interface RelayOperator {
  relayId: string;
  name: string;
  webhookUrl?: string;
}

export interface RelayOperatorRepository {
  list(): Promise<RelayOperator[]>;
  get(relayId: string): Promise<RelayOperator | undefined>;
  /** Creates the operator if absent; leaves an existing one untouched. */
  ensure(relay: RelayOperator): Promise<void>;
  /** Creates or replaces the operator's settings (no secrets), with its audit entry in the same write. */
  update(relay: RelayOperator, audit: AuditEntry): Promise<void>;
}

export interface PolicyRepository {
  /** Built-in defaults followed by versions an admin added. */
  versions(): Promise<PolicyVersion[]>;
  /** Adds a version; throws ConcurrentUpdateError if that version number was taken meanwhile. */
  add(version: PolicyVersion, audit: AuditEntry): Promise<void>;
}

/** What a reviewer, inspector, committee or applicant decided at one human step of the review. */
export interface StepDecision {
  decisionId: string;
  step: 'DOCUMENT_REVIEW' | 'SUPPLEMENT_REQUESTED' | 'INSPECTION' | 'COMMITTEE_REVIEW';
  outcome: 'PASS' | 'REQUEST_SUPPLEMENT' | 'REJECT' | 'SUPPLEMENTED' | 'FAIL' | 'APPROVE' | 'TIMEOUT';
  failedItems: string[];
  comment?: string;
  actor: string;
  /** When the decision was made; absent on a timeout raised by the workflow itself. */
  at?: string;
  inspectedAt?: string;
  checklist?: { item: string; evidence: string; documents?: string[] }[];
  /** With a supplement request: seconds until the supplement is due (the end of a KST day). */
  supplementSeconds?: number;
}

export interface ReviewWorkflowInput {
  applicationId: string;
  deadlines: { staffSeconds: number; supplementSeconds: number };
  decision: null;
  /** A reopened application (its rejection cancelled on objection) starts at this step. */
  resumeAt?: 'COMMITTEE_REVIEW';
}

/** The certification review workflow (Step Functions in AWS, the local engine locally). */
export interface ReviewWorkflow {
  /** Starts the execution named after the application; an existing one counts as started. */
  start(input: ReviewWorkflowInput): Promise<void>;
  /** Completes the human step waiting on `taskToken`; throws StepNotAwaitingError if it no longer waits. */
  complete(taskToken: string, decision: StepDecision): Promise<void>;
  stop(applicationId: string, cause: string): Promise<void>;
}

/** The grace-period workflow of one existing reseller (execution named after its brn). */
export interface GraceWorkflow {
  start(brn: string): Promise<void>;
}

export interface Deps extends SpamDeps, SanctionDeps, AttestationDeps, TransparencyDeps, LifecycleDeps {
  resellers: ResellerRepository;
  applications: ApplicationRepository;
  registry: RegistryRepository;
  relays: RelayOperatorRepository;
  policies: PolicyRepository;
  reviews: ReviewWorkflow;
  graces: GraceWorkflow;
  notifier: ResellerNotifier;
  cases: CaseRepository;
  sanctions: SanctionRepository;
  clock: Clock;
  ids: Ids;
}

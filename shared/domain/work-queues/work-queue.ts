import type { Application } from '../applications/application.js';
import type { ApplicationStatus } from '../applications/status-transitions.js';
import type { SpamCase } from '../cases/spam-case.js';
import type { ChangeReport } from '../change-reports/change-report.js';
import type { Objection } from '../objections/objection.js';

/**
 * Staff work queues. Every item of staff work has an assignee (optional) and a due time, fixed
 * per kind from the policy's staff deadline (`staffStepDeadlineDays`, ending at the end of a KST
 * day) when the work arrives:
 * - an application: the deadline of its current human step (document review, inspection,
 *   committee review), set when the workflow opens the step; a supplement the applicant owes is
 *   not staff work, so it has no due time;
 * - a spam case: its review deadline, counted from when it opened;
 * - an objection: the committee's decision deadline, counted from when it was filed;
 * - a change report under review: the reviewer's deadline, counted from when it was reported;
 * - an inspection: its own `dueAt` (inspections/inspection.ts).
 * An item past its due time escalates once (alarm, back to the committee's queue); lateness never
 * changes a reseller's eligibility.
 */
export const workItemKinds = ['application', 'case', 'objection', 'changeReport'] as const;
export type WorkItemKind = (typeof workItemKinds)[number];

/** What every work-queue list accepts besides its own filters. */
export interface WorkQueueFilter {
  assignee?: string;
  /** Only items due at or before this instant. */
  dueBefore?: string;
}

/** Application statuses at which staff owe the next step (a supplement is the applicant's). */
export const staffApplicationStatuses: ReadonlySet<ApplicationStatus> = new Set([
  'DOCUMENT_REVIEW',
  'INSPECTION',
  'COMMITTEE_REVIEW',
]);

/** An application's due time: its open human step's deadline, while that step is staff's. */
export function applicationDueAt(app: Pick<Application, 'status' | 'deadline'>): string | undefined {
  return staffApplicationStatuses.has(app.status) ? app.deadline : undefined;
}

/** Whether an item is still staff's to act on (assignable, and escalated when late). */
export const isOpenWork = {
  application: (a: Pick<Application, 'status'>) =>
    !['APPROVED', 'REJECTED', 'WITHDRAWN', 'EXPIRED'].includes(a.status),
  case: (c: Pick<SpamCase, 'status'>) => c.status === 'OPEN',
  objection: (o: Pick<Objection, 'status'>) => o.status === 'FILED',
  changeReport: (r: Pick<ChangeReport, 'status'>) => r.status === 'UNDER_REVIEW',
} satisfies Record<WorkItemKind, (item: never) => boolean>;

/** The audit entity of a work item (`application#app_...`, `case#case_...`). */
export const auditEntity: Record<WorkItemKind, (id: string) => string> = {
  application: (id) => `application#${id}`,
  case: (id) => `case#${id}`,
  objection: (id) => `objection#${id}`,
  changeReport: (id) => `change-report#${id}`,
};

/** True when `dueAt` is known and at or before `dueBefore` (an absent bound matches everything). */
export function dueBy(dueAt: string | undefined, dueBefore: string | undefined): boolean {
  if (!dueBefore) return true;
  return dueAt !== undefined && Date.parse(dueAt) <= Date.parse(dueBefore);
}

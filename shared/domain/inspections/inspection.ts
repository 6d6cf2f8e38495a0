import type { PolicyParameters } from '../policy/policy.js';
import { addDaysMs, dueAfterDays, dueAfterMonths } from '../time/kst-dates.js';

/**
 * The annual inspection of a certified reseller. One record per visit: an ANNUAL one scheduled at
 * issuance (and after every pass), a REINSPECTION after a failure or refusal. Its workflow opens it
 * the policy's lead time before it is due and escalates it when staff are late; reviewers record
 * the result and the committee decides after a second failure.
 */
export const inspectionKinds = ['ANNUAL', 'REINSPECTION', 'RENEWAL'] as const;
export type InspectionKind = (typeof inspectionKinds)[number];

export const inspectionStatuses = [
  'SCHEDULED',
  'OPEN',
  'CORRECTIVE',
  'PASSED',
  'FAILED',
  'REFUSED',
  'COMMITTEE',
] as const;
export type InspectionStatus = (typeof inspectionStatuses)[number];

export type InspectionResult = 'PASS' | 'FAIL' | 'REFUSED';
export type InspectionDecision = 'CLEAR' | 'SUSPEND' | 'REVOKE';

export interface InspectionHistoryEntry {
  at: string;
  actor: string;
  action: string;
  comment?: string;
  failedItems?: string[];
}

export interface Inspection {
  inspectionId: string;
  brn: string;
  certificateId: string;
  kind: InspectionKind;
  status: InspectionStatus;
  /** When the visit opens (the lead time before `dueAt`, or the end of a corrective period). */
  opensAt: string;
  dueAt: string;
  /** Failures so far in this chain of visits: a failure with one before it goes to the committee. */
  priorFailures: number;
  previousInspectionId?: string;
  assignee?: string;
  result?: InspectionResult;
  inspectedAt?: string;
  failedItems: string[];
  /** After a failure: the re-inspection opens when this period ends. */
  correctiveUntil?: string;
  decision?: InspectionDecision;
  sanctionId?: string;
  /** Staff were late: escalated once (alarm, committee); the reseller's eligibility is untouched. */
  escalatedAt?: string;
  history: InspectionHistoryEntry[];
  createdAt: string;
  updatedAt: string;
  revision: number;
}

export type InspectionPolicy = Pick<
  PolicyParameters,
  'inspectionIntervalMonths' | 'inspectionLeadDays' | 'correctivePeriodDays' | 'staffStepDeadlineDays'
>;

/** The next annual inspection: due `interval` months after `from`, at the end of that KST day. */
export function annualInspection(input: {
  inspectionId: string;
  brn: string;
  certificateId: string;
  from: string;
  policy: InspectionPolicy;
  now: string;
  actor: string;
  previousInspectionId?: string;
}): Inspection {
  const dueAt = dueAfterMonths(input.from, input.policy.inspectionIntervalMonths);
  const opensAt = addDaysMs(new Date(dueAt), -input.policy.inspectionLeadDays).toISOString();
  return {
    inspectionId: input.inspectionId,
    brn: input.brn,
    certificateId: input.certificateId,
    kind: 'ANNUAL',
    status: 'SCHEDULED',
    opensAt,
    dueAt,
    priorFailures: 0,
    ...(input.previousInspectionId ? { previousInspectionId: input.previousInspectionId } : {}),
    failedItems: [],
    history: [{ at: input.now, actor: input.actor, action: 'SCHEDULED' }],
    createdAt: input.now,
    updatedAt: input.now,
    revision: 1,
  };
}

/**
 * A re-inspection after a failure or a refusal: the reseller corrects until the end of the
 * corrective period (end of the KST day), the visit opens then and is due within the staff deadline.
 */
export function reinspection(input: {
  inspectionId: string;
  previous: Inspection;
  inspectedAt: string;
  policy: InspectionPolicy;
  now: string;
  actor: string;
  priorFailures: number;
}): Inspection {
  const opensAt = dueAfterDays(input.inspectedAt, input.policy.correctivePeriodDays);
  return {
    inspectionId: input.inspectionId,
    brn: input.previous.brn,
    certificateId: input.previous.certificateId,
    kind: 'REINSPECTION',
    status: 'CORRECTIVE',
    opensAt,
    dueAt: dueAfterDays(opensAt, input.policy.staffStepDeadlineDays),
    priorFailures: input.priorFailures,
    previousInspectionId: input.previous.inspectionId,
    correctiveUntil: opensAt,
    failedItems: [],
    history: [{ at: input.now, actor: input.actor, action: 'CORRECTIVE_PERIOD' }],
    createdAt: input.now,
    updatedAt: input.now,
    revision: 1,
  };
}

/** The same record one step on: a history line, a new revision. */
export function advance(
  i: Inspection,
  change: Partial<Inspection>,
  entry: Omit<InspectionHistoryEntry, 'at'> & { at?: string },
  now: string,
): Inspection {
  return {
    ...i,
    ...change,
    history: [...i.history, { ...entry, at: entry.at ?? now }],
    updatedAt: now,
    revision: i.revision + 1,
  };
}

/** What the workflow does next for an inspection: open it, escalate it, or nothing more. */
export type InspectionStep = { action: 'OPEN' | 'ESCALATE'; at: string } | { action: 'DONE' };

export function nextInspectionStep(i: Inspection | undefined): InspectionStep {
  if (!i) return { action: 'DONE' };
  if (i.status === 'SCHEDULED' || i.status === 'CORRECTIVE') return { action: 'OPEN', at: i.opensAt };
  if (i.status === 'OPEN' && !i.escalatedAt) return { action: 'ESCALATE', at: i.dueAt };
  return { action: 'DONE' };
}

/** Statuses at which the visit is still ahead or under way (a new certificate supersedes them). */
export const activeInspectionStatuses: ReadonlySet<InspectionStatus> = new Set([
  'SCHEDULED',
  'OPEN',
  'CORRECTIVE',
  'COMMITTEE',
]);

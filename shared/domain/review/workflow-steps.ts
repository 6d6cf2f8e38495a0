import type { Application } from '../applications/application.js';
import { screenApplication } from '../applications/screening.js';
import {
  type ApplicationEvent,
  type ApplicationStatus,
  nextStatus,
  terminalStatuses,
} from '../applications/status-transitions.js';
import { ApplicationClosedError, ConflictError, NotFoundError } from '../core/errors.js';
import { inspectionAtIssuance, startInspection } from '../inspections/inspection-steps.js';
import { addMonths, type PolicyParameters, policyAt } from '../policy/policy.js';
import type { AuditEntry, Deps, RegistryCommit, StepDecision } from '../ports.js';
import { issuedCertificate } from '../renewals/renewal.js';
import { startRenewalReminders } from '../renewals/renewal-steps.js';
import { announce, type ChangeCause } from '../resellers/announce-change.js';
import type { Reseller } from '../resellers/eligibility.js';

/**
 * The certification review, step by step, as the workflow drives it. Every step is one
 * conditional write (revision guard) and safe to retry: a decision is applied once, by id.
 */
export type HumanStep = StepDecision['step'];

const DECISION_EVENTS: Record<HumanStep, Partial<Record<StepDecision['outcome'], ApplicationEvent>>> = {
  DOCUMENT_REVIEW: {
    PASS: 'REVIEW_PASSED',
    REQUEST_SUPPLEMENT: 'SUPPLEMENT_REQUESTED',
    REJECT: 'REVIEW_REJECTED',
  },
  SUPPLEMENT_REQUESTED: { SUPPLEMENTED: 'SUPPLEMENTED', TIMEOUT: 'SUPPLEMENT_DEADLINE_MISSED' },
  INSPECTION: { PASS: 'INSPECTION_PASSED', FAIL: 'INSPECTION_FAILED' },
  COMMITTEE_REVIEW: { APPROVE: 'COMMITTEE_APPROVED', REJECT: 'COMMITTEE_REJECTED' },
};

function eventFor(decision: StepDecision): ApplicationEvent {
  const event = DECISION_EVENTS[decision.step][decision.outcome];
  if (!event) throw new ConflictError(`${decision.outcome} is not a decision at ${decision.step}`);
  return event;
}

async function load(deps: Pick<Deps, 'applications'>, applicationId: string): Promise<Application> {
  const app = await deps.applications.get(applicationId);
  if (!app) throw new NotFoundError(`no application ${applicationId}`);
  return app;
}

async function policyNow(
  deps: Pick<Deps, 'clock' | 'policies'>,
): Promise<{ policy: PolicyParameters; now: Date }> {
  const now = deps.clock.now();
  return { policy: policyAt(await deps.policies.versions(), now).parameters, now };
}

function applied(app: Application, decisionId: string): boolean {
  return (app.appliedDecisions ?? []).includes(decisionId);
}

/** Applies a human decision to the application record (history, evidence, failed items). */
function applyDecision(app: Application, decision: StepDecision, at: string): Application {
  const status = nextStatus(app.status, eventFor(decision));
  const next: Application = {
    ...app,
    status,
    updatedAt: at,
    revision: app.revision + 1,
    appliedDecisions: [...(app.appliedDecisions ?? []), decision.decisionId],
    history: [
      ...app.history,
      {
        step: decision.step,
        at: decision.at ?? at,
        actor: decision.actor,
        decision: decision.outcome,
        ...(decision.comment ? { comment: decision.comment } : {}),
        ...(decision.failedItems.length > 0 ? { failedItems: decision.failedItems } : {}),
      },
    ],
  };
  delete next.taskToken;
  delete next.deadline;
  if (decision.checklist) {
    const replaced = new Map(app.submission.checklist.map((e) => [e.item, e]));
    for (const entry of decision.checklist) replaced.set(entry.item, entry);
    next.submission = { ...app.submission, checklist: [...replaced.values()] };
  }
  // The inspection's date is a fact of the application, whatever the inspection found.
  if (decision.step === 'INSPECTION' && decision.inspectedAt) next.inspectedAt = decision.inspectedAt;
  // The application shows the items of the request still open (or left unanswered: EXPIRED) or of
  // its rejection; an answered request's items stay in that step's history entry only.
  if (decision.outcome === 'REQUEST_SUPPLEMENT' || status === 'REJECTED')
    next.failedItems = decision.failedItems;
  else if (status !== 'EXPIRED') next.failedItems = [];
  if (status === 'REJECTED') {
    next.reasons = [decision.comment ?? `rejected at ${decision.step}`];
  }
  if (status === 'EXPIRED') next.reasons = ['the supplement deadline passed without a supplement'];
  return next;
}

/** The reseller once this application no longer pends (its eligibility may move: announced). */
function releasePending(
  before: Reseller | undefined,
  app: Application,
  policy: PolicyParameters,
  now: Date,
  extra: Partial<Reseller> = {},
  cause: ChangeCause = 'DECISION',
) {
  if (!before) return undefined;
  const after: Reseller = { ...before, ...extra };
  if (after.pendingApplicationId === app.applicationId) delete after.pendingApplicationId;
  // Keys explicitly set to undefined in `extra` are facts that no longer hold.
  for (const [key, value] of Object.entries(extra))
    if (value === undefined) delete after[key as keyof Reseller];
  return announce(before, after, policy, now, { cause });
}

function closingCommit(
  app: { before: Application; after: Application },
  reseller: { before: Reseller | undefined; result: ReturnType<typeof releasePending> },
  audit: AuditEntry[],
): RegistryCommit {
  const r = reseller.result;
  return {
    application: app,
    ...(r && reseller.before ? { reseller: { before: reseller.before, after: r.reseller } } : {}),
    ...(r?.change ? { change: r.change } : {}),
    audit: [
      ...audit,
      ...(r?.change
        ? [
            {
              entity: `reseller#${app.after.brn}`,
              at: r.change.effectiveAt,
              actor: 'system',
              action: 'ELIGIBILITY_CHANGED',
              detail: { ...r.change },
            },
          ]
        : []),
    ],
  };
}

/** Automated screening: SUBMITTED → SCREENING (passed, flags kept) or REJECTED with failing items. */
export async function screen(
  deps: Pick<Deps, 'applications' | 'clock' | 'policies' | 'registry' | 'resellers'>,
  applicationId: string,
): Promise<{ outcome: 'PASSED' | 'REJECTED' }> {
  const app = await load(deps, applicationId);
  if (app.status === 'SCREENING') return { outcome: 'PASSED' }; // a retry after the write
  if (app.status === 'REJECTED' && app.history.some((h) => h.step === 'SCREENING'))
    return { outcome: 'REJECTED' };
  if (terminalStatuses.has(app.status)) throw new ApplicationClosedError(`application is ${app.status}`);
  const { policy, now } = await policyNow(deps);
  const at = now.toISOString();
  const [applicant, badStanding] = await Promise.all([
    deps.resellers.get(app.brn),
    deps.resellers.listInBadStanding(addMonths(now, -policy.ghostRegistrationWindowMonths).toISOString()),
  ]);
  const result = screenApplication({ application: app, applicant, badStanding, policy, now });
  const screening: Application = {
    ...app,
    status: nextStatus(app.status, 'SCREENING_STARTED'),
    flags: result.flags,
    updatedAt: at,
    revision: app.revision + 1,
  };
  if (result.passed) {
    screening.history = [
      ...app.history,
      { step: 'SCREENING', at, actor: 'system', decision: 'PASSED', ...flagComment(result.flags.length) },
    ];
    await deps.registry.commit({
      application: { before: app, after: screening },
      audit: [
        { entity: `application#${app.applicationId}`, at, actor: 'system', action: 'SCREENING_PASSED' },
      ],
    });
    return { outcome: 'PASSED' };
  }
  const rejected: Application = {
    ...screening,
    status: nextStatus(screening.status, 'SCREENING_FAILED'),
    failedItems: result.failedItems,
    reasons: result.reasons,
    history: [
      ...app.history,
      { step: 'SCREENING', at, actor: 'system', decision: 'REJECTED', failedItems: result.failedItems },
    ],
  };
  await deps.registry.commit(
    closingCommit(
      { before: app, after: rejected },
      { before: applicant, result: releasePending(applicant, app, policy, now) },
      [
        {
          entity: `application#${app.applicationId}`,
          at,
          actor: 'system',
          action: 'SCREENING_REJECTED',
          detail: { failedItems: result.failedItems },
        },
      ],
    ),
  );
  return { outcome: 'REJECTED' };
}

function flagComment(n: number) {
  return n > 0 ? { comment: `${n} ghost-registration flag(s) for the reviewer` } : {};
}

/**
 * Opens a human step: applies the decision that led here (once), moves the application to the
 * step and stores the task token in the same conditional write, so the status the API shows
 * always accepts input.
 */
export async function openStep(
  deps: Pick<Deps, 'applications' | 'clock' | 'registry'>,
  input: {
    applicationId: string;
    step: HumanStep;
    taskToken: string;
    timeoutSeconds: number;
    decision: StepDecision | null;
  },
): Promise<void> {
  const app = await load(deps, input.applicationId);
  if (terminalStatuses.has(app.status)) throw new ApplicationClosedError(`application is ${app.status}`);
  const now = deps.clock.now();
  const at = now.toISOString();
  let next: Application = app;
  if (input.decision && !applied(app, input.decision.decisionId))
    next = applyDecision(app, input.decision, at);
  if (next.status === 'SCREENING' && input.step === 'DOCUMENT_REVIEW') {
    next = { ...next, status: nextStatus('SCREENING', 'SCREENING_PASSED') };
  }
  if (next.status !== input.step) {
    throw new ConflictError(`application is ${next.status}; cannot open ${input.step}`);
  }
  if (next.taskToken === input.taskToken) return; // a retry after the write
  const opened: Application = {
    ...next,
    taskToken: input.taskToken,
    deadline: new Date(now.getTime() + input.timeoutSeconds * 1000).toISOString(),
    updatedAt: at,
    revision: app.revision + 1,
  };
  await deps.registry.commit({
    application: { before: app, after: opened },
    audit: [
      {
        entity: `application#${app.applicationId}`,
        at,
        actor: input.decision?.actor ?? 'system',
        action: `OPENED_${input.step}`,
        ...(input.decision
          ? { detail: { decision: input.decision.outcome, step: input.decision.step } }
          : {}),
      },
    ],
  });
}

/** Certificate ids are C-<KST year>-<6-digit serial>. */
export function certificateId(year: number, serial: number): string {
  return `C-${year}-${String(serial).padStart(6, '0')}`;
}

function kstYear(d: Date): number {
  return new Date(d.getTime() + 9 * 3600_000).getUTCFullYear();
}

/**
 * Ends the application with the last decision: APPROVED issues the certificate in the same
 * transaction as the reseller's new eligibility, its change-feed entry and the audit entries.
 */
export async function finalize(
  deps: Pick<
    Deps,
    | 'applications'
    | 'clock'
    | 'ids'
    | 'inspectionWorkflows'
    | 'policies'
    | 'registry'
    | 'renewalWorkflows'
    | 'resellers'
  >,
  input: { applicationId: string; decision: StepDecision },
): Promise<{ status: ApplicationStatus; certificateId?: string }> {
  const app = await load(deps, input.applicationId);
  if (applied(app, input.decision.decisionId)) {
    return { status: app.status, ...(app.certificateId ? { certificateId: app.certificateId } : {}) };
  }
  if (terminalStatuses.has(app.status)) throw new ApplicationClosedError(`application is ${app.status}`);
  const { policy, now } = await policyNow(deps);
  const at = now.toISOString();
  const closed = applyDecision(app, input.decision, at);
  if (!terminalStatuses.has(closed.status)) {
    throw new ConflictError(
      `${input.decision.outcome} at ${input.decision.step} does not end the application`,
    );
  }
  const reseller = await deps.resellers.get(app.brn);
  const audit: AuditEntry[] = [
    {
      entity: `application#${app.applicationId}`,
      at,
      actor: input.decision.actor,
      action: closed.status,
      detail: { failedItems: closed.failedItems },
    },
  ];
  if (closed.status !== 'APPROVED') {
    await deps.registry.commit(
      closingCommit(
        { before: app, after: closed },
        { before: reseller, result: releasePending(reseller, app, policy, now) },
        audit,
      ),
    );
    return { status: closed.status };
  }
  const year = kstYear(now);
  const { certificate, continues } = issuedCertificate({
    app,
    current: reseller?.certificate,
    certificateId: certificateId(year, await deps.registry.nextCertificateSerial(year)),
    now,
    policy,
  });
  // The first annual inspection is scheduled with a new certificate, in the same transaction; a
  // renewal without a gap keeps the schedule it has.
  const inspection = continues
    ? undefined
    : inspectionAtIssuance(deps, {
        brn: app.brn,
        certificateId: certificate.certificateId,
        issuedAt: at,
        policy,
      });
  // The on-site inspection this approval rests on dates the certificate's last inspection.
  if (closed.inspectedAt && !continues) certificate.lastInspectedAt = closed.inspectedAt;
  closed.certificateId = certificate.certificateId;
  const base: Reseller = reseller ?? {
    brn: app.brn,
    companyName: app.companyName,
    existing: false,
    relayOperatorIds: app.submission.relayOperatorIds,
    status: 'UNCERTIFIED',
    throttle: null,
    version: 0,
    reason: '',
    effectiveAt: at,
    revision: 0,
    createdAt: at,
    updatedAt: at,
  };
  // A new certificate supersedes any earlier one now, on approval; a renewal approved while the
  // current one is valid waits as `nextCertificate` and takes over at its validFrom (time-enforcement.ts).
  const result = releasePending(
    base,
    app,
    policy,
    now,
    {
      ...(continues ? { nextCertificate: certificate } : { certificate, nextCertificate: undefined }),
      companyName: app.companyName,
      relayOperatorIds: app.submission.relayOperatorIds,
      // A reseller certified again after a revocation (screening enforced the bar) is no longer revoked.
      revokedAt: undefined,
      revocationReason: undefined,
      reapplyAfter: undefined,
      reapplyBarEndedAt: undefined,
      revokedCertificates: undefined,
      stayedRevocation: undefined,
      // Its bad standing ended now; it still counts for ghost screening over the look-back window.
      ...(base.standing && !base.standing.until ? { standing: { ...base.standing, until: at } } : {}),
      ...(base.sanction?.type === 'REVOCATION' ? { sanction: undefined } : {}),
    },
    'APPROVAL',
  );
  audit.push({
    entity: `reseller#${app.brn}`,
    at,
    actor: input.decision.actor,
    action: 'CERTIFICATE_ISSUED',
    detail: {
      certificateId: certificate.certificateId,
      supersedes: reseller?.certificate?.certificateId ?? null,
      validFrom: certificate.validFrom ?? at,
      validUntil: certificate.validUntil,
    },
  });
  await deps.registry.commit({
    ...closingCommit({ before: app, after: closed }, { before: reseller, result }, audit),
    ...(inspection ? { records: [{ kind: 'inspection', before: undefined, after: inspection }] } : {}),
  });
  if (inspection) await startInspection(deps, inspection.inspectionId);
  await startRenewalReminders(deps, app.brn, certificate.certificateId);
  return { status: 'APPROVED', certificateId: certificate.certificateId };
}

/** A staff deadline passed: record the escalation (alarm); the application stays open. */
export async function escalate(
  deps: Pick<Deps, 'applications' | 'clock' | 'registry'>,
  input: { applicationId: string; step: HumanStep },
): Promise<{ escalations: number }> {
  const app = await load(deps, input.applicationId);
  if (terminalStatuses.has(app.status)) throw new ApplicationClosedError(`application is ${app.status}`);
  const at = deps.clock.now().toISOString();
  const escalations = (app.escalations ?? 0) + 1;
  // Like every late work item: taken from its assignee back to the committee's queue.
  const next: Application = {
    ...app,
    escalations,
    escalatedAt: at,
    updatedAt: at,
    revision: app.revision + 1,
    history: [
      ...app.history,
      {
        step: input.step,
        at,
        actor: 'system',
        decision: 'ESCALATED',
        comment: `staff deadline passed; taken from ${app.assignee ?? 'nobody'} to the committee`,
      },
    ],
  };
  delete next.taskToken;
  delete next.assignee;
  await deps.registry.commit({
    application: { before: app, after: next },
    audit: [
      {
        entity: `application#${app.applicationId}`,
        at,
        actor: 'system',
        action: `ESCALATED_${input.step}`,
        detail: { deadline: app.deadline ?? null, assignee: app.assignee ?? null, to: 'committee' },
      },
    ],
  });
  return { escalations };
}

/** The workflow failed for good: say so on the application rather than leave it hanging. */
export async function recordFailure(
  deps: Pick<Deps, 'applications' | 'clock' | 'registry'>,
  input: { applicationId: string; error: string; cause?: string },
): Promise<void> {
  const app = await load(deps, input.applicationId);
  const at = deps.clock.now().toISOString();
  const next: Application = {
    ...app,
    updatedAt: at,
    revision: app.revision + 1,
    history: [
      ...app.history,
      {
        step: 'WORKFLOW',
        at,
        actor: 'system',
        decision: 'FAILED',
        comment: `${input.error}: operators notified`,
      },
    ],
  };
  delete next.taskToken;
  await deps.registry.commit({
    application: { before: app, after: next },
    audit: [
      {
        entity: `application#${app.applicationId}`,
        at,
        actor: 'system',
        action: 'WORKFLOW_FAILED',
        detail: { error: input.error },
      },
    ],
  });
}

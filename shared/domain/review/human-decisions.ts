import type { Application } from '../applications/application.js';
import { readApplication } from '../applications/application-use-cases.js';
import { nextStatus, terminalStatuses } from '../applications/status-transitions.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { actorOf, type Principal } from '../core/principal.js';
import { policyAt } from '../policy/policy.js';
import type { Deps, StepDecision } from '../ports.js';
import { announce } from '../resellers/announce-change.js';
import { daysEndingOnDate } from '../time/calendar.js';
import type { HumanStep } from './workflow-steps.js';

/** How long a decision call waits for the workflow to apply it before answering anyway. */
const APPLY_WAIT_MS = 5_000;

async function waitUntilApplied(
  deps: Pick<Deps, 'applications'>,
  applicationId: string,
  decisionId: string,
): Promise<Application> {
  const until = Date.now() + APPLY_WAIT_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    const app = await deps.applications.get(applicationId);
    if (!app) throw new NotFoundError(`no application ${applicationId}`);
    if ((app.appliedDecisions ?? []).includes(decisionId) || Date.now() > until) return app;
    await new Promise((r) => setTimeout(r, delay));
  }
}

/**
 * Hands a human decision to the workflow step that waits for it. Step Functions accepts one
 * completion per task token, so of two reviewers deciding at once exactly one wins; the other,
 * like any decision on a step that no longer waits, gets a 409.
 */
async function completeStep(
  deps: Pick<Deps, 'applications' | 'clock' | 'ids' | 'reviews'>,
  principal: Principal,
  applicationId: string,
  step: HumanStep,
  decision: Omit<StepDecision, 'decisionId' | 'step' | 'actor' | 'at'>,
): Promise<Application> {
  const app = await readApplication(deps, principal, applicationId);
  if (app.status !== step || !app.taskToken) {
    throw new ConflictError(`application ${applicationId} is ${app.status}; it is not awaiting ${step}`);
  }
  const full: StepDecision = {
    ...decision,
    decisionId: deps.ids.next('dec'),
    step,
    actor: actorOf(principal),
    at: deps.clock.now().toISOString(),
  };
  await deps.reviews.complete(app.taskToken, full);
  return waitUntilApplied(deps, applicationId, full.decisionId);
}

export async function submitReview(
  deps: Pick<Deps, 'applications' | 'clock' | 'ids' | 'policies' | 'reviews'>,
  principal: Principal,
  applicationId: string,
  body: { decision: 'PASS' | 'REQUEST_SUPPLEMENT' | 'REJECT'; failedItems?: string[]; comment?: string },
) {
  const now = deps.clock.now();
  // A supplement is due at the end of the KST day the policy's days after the request: the
  // workflow's wait reads its timeout from the decision, so the deadline is exact to the second.
  const supplementSeconds =
    body.decision === 'REQUEST_SUPPLEMENT'
      ? Math.ceil(
          (daysEndingOnDate(
            now,
            policyAt(await deps.policies.versions(), now).parameters.supplementDeadlineDays,
          ).getTime() -
            now.getTime()) /
            1000,
        )
      : undefined;
  return completeStep(deps, principal, applicationId, 'DOCUMENT_REVIEW', {
    outcome: body.decision,
    failedItems: body.failedItems ?? [],
    ...(body.comment ? { comment: body.comment } : {}),
    ...(supplementSeconds !== undefined ? { supplementSeconds } : {}),
  });
}

export async function recordInspection(
  deps: Pick<Deps, 'applications' | 'clock' | 'ids' | 'reviews'>,
  principal: Principal,
  applicationId: string,
  body: { result: 'PASS' | 'FAIL'; failedItems?: string[]; inspectedAt: string; comment?: string },
) {
  if (Date.parse(body.inspectedAt) > deps.clock.now().getTime()) {
    throw new ValidationError('the inspection cannot have happened in the future', [
      { path: 'body.inspectedAt', message: 'must not be in the future' },
    ]);
  }
  return completeStep(deps, principal, applicationId, 'INSPECTION', {
    outcome: body.result,
    failedItems: body.failedItems ?? [],
    inspectedAt: body.inspectedAt,
    ...(body.comment ? { comment: body.comment } : {}),
  });
}

export async function decideCertification(
  deps: Pick<Deps, 'applications' | 'clock' | 'ids' | 'reviews'>,
  principal: Principal,
  applicationId: string,
  body: { decision: 'APPROVE' | 'REJECT'; failedItems?: string[]; comment?: string },
) {
  return completeStep(deps, principal, applicationId, 'COMMITTEE_REVIEW', {
    outcome: body.decision,
    failedItems: body.failedItems ?? [],
    ...(body.comment ? { comment: body.comment } : {}),
  });
}

export async function submitSupplement(
  deps: Pick<Deps, 'applications' | 'clock' | 'ids' | 'reviews'>,
  principal: Principal,
  applicationId: string,
  body: { checklist: { item: string; evidence: string; documents?: string[] }[]; comment?: string },
) {
  return completeStep(deps, principal, applicationId, 'SUPPLEMENT_REQUESTED', {
    outcome: 'SUPPLEMENTED',
    failedItems: [],
    checklist: body.checklist,
    ...(body.comment ? { comment: body.comment } : {}),
  });
}

/**
 * Withdrawal: the record is authoritative, so it is written first (with the reseller's pending
 * marker released in the same transaction); then the execution is stopped. Should the stop
 * fail, the workflow's next step finds the application closed and ends by itself.
 */
export async function withdrawApplication(
  deps: Pick<Deps, 'applications' | 'clock' | 'policies' | 'registry' | 'resellers' | 'reviews'>,
  principal: Principal,
  applicationId: string,
  body: { reason?: string },
): Promise<Application> {
  const app = await readApplication(deps, principal, applicationId);
  if (terminalStatuses.has(app.status)) {
    throw new ConflictError(`application ${applicationId} is already ${app.status}`);
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const withdrawn: Application = {
    ...app,
    status: nextStatus(app.status, 'WITHDRAWN'),
    updatedAt: at,
    revision: app.revision + 1,
    reasons: [body.reason ?? 'withdrawn by the applicant'],
    history: [
      ...app.history,
      {
        step: 'WITHDRAWN',
        at,
        actor: actorOf(principal),
        decision: 'WITHDRAWN',
        ...(body.reason ? { comment: body.reason } : {}),
      },
    ],
  };
  delete withdrawn.taskToken;
  delete withdrawn.deadline;
  const before = await deps.resellers.get(app.brn);
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const released =
    before && before.pendingApplicationId === app.applicationId
      ? announce(before, { ...before, pendingApplicationId: undefined }, policy, now)
      : undefined;
  if (released) delete released.reseller.pendingApplicationId;
  await deps.registry.commit({
    application: { before: app, after: withdrawn },
    ...(released && before ? { reseller: { before, after: released.reseller } } : {}),
    ...(released?.change ? { change: released.change } : {}),
    audit: [
      {
        entity: `application#${app.applicationId}`,
        at,
        actor: actorOf(principal),
        action: 'WITHDRAWN',
      },
    ],
  });
  await deps.reviews.stop(app.applicationId, body.reason ?? 'withdrawn by the applicant');
  return withdrawn;
}

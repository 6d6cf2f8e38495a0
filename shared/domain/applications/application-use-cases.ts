import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { actorOf, isStaff, type Principal } from '../core/principal.js';
import { storedRelayIds, unknownRelayErrors } from '../notices/relay-operators.js';
import { type PolicyParameters, policyAt } from '../policy/policy.js';
import type { Deps, Page, PageRequest, ReviewWorkflowInput } from '../ports.js';
import { announce } from '../resellers/announce-change.js';
import { applicationDueAt, type WorkQueueFilter } from '../work-queues/work-queue.js';
import type { Application, ApplicationBody } from './application.js';
import { checklistInForce } from './checklist.js';
import { identityFingerprints, mergeFingerprints } from './screening.js';
import type { ApplicationStatus } from './status-transitions.js';
import { terminalStatuses } from './status-transitions.js';

/**
 * Submits an application for the caller's own business. The application, the reseller's pending
 * marker (which may change an existing reseller's eligibility during the extension) and the audit
 * entries are one transaction.
 */
export async function submitApplication(
  deps: Pick<
    Deps,
    'applications' | 'clock' | 'ids' | 'policies' | 'registry' | 'relays' | 'resellers' | 'reviews'
  >,
  principal: Principal,
  body: ApplicationBody,
): Promise<{ application: Application; workflowStarted: boolean }> {
  if (!principal.brn || principal.brn !== body.brn) {
    throw new ForbiddenError('a reseller may apply only for its own business registration number');
  }
  const unknownRelays = unknownRelayErrors(
    await storedRelayIds(deps),
    body.relayOperatorIds,
    'body.relayOperatorIds',
  );
  if (unknownRelays.length > 0) {
    throw new ValidationError(
      'the application names relay operators the registry does not know',
      unknownRelays,
    );
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const before = await deps.resellers.get(body.brn);
  if (before?.pendingApplicationId) {
    const pending = await deps.applications.get(before.pendingApplicationId);
    if (pending && !terminalStatuses.has(pending.status)) {
      throw new ConflictError(
        `application ${pending.applicationId} is still ${pending.status}; withdraw it before submitting another`,
      );
    }
  }
  // A renewal needs a certificate to renew (revoked or never certified: apply as NEW).
  if (body.kind === 'RENEWAL' && (!before?.certificate || before.revokedAt)) {
    throw new ConflictError(`reseller ${body.brn} holds no certificate to renew`);
  }
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const { brn, ...submission } = body;
  const application: Application = {
    applicationId: deps.ids.next('app'),
    brn,
    companyName: body.companyName,
    status: 'SUBMITTED',
    submittedAt: at,
    updatedAt: at,
    revision: 1,
    submission,
    checklistVersion: checklistInForce().version,
    failedItems: [],
    reasons: [],
    flags: [],
    history: [{ step: 'SUBMITTED', at, actor: actorOf(principal) }],
    ...(body.kind === 'RENEWAL' ? { kind: 'RENEWAL' as const } : {}),
  };
  const { reseller, change } = announce(
    before,
    {
      ...(before ?? {
        brn,
        companyName: body.companyName,
        existing: false,
        relayOperatorIds: body.relayOperatorIds,
        createdAt: at,
        revision: 0,
        updatedAt: at,
      }),
      pendingApplicationId: application.applicationId,
      identity: identityFingerprints(submission),
      fingerprints: mergeFingerprints(
        before?.fingerprints,
        before?.identity,
        identityFingerprints(submission),
      ),
    },
    policy,
    now,
  );
  await deps.registry.commit({
    application: { before: undefined, after: application },
    reseller: { before, after: reseller },
    ...(change ? { change } : {}),
    audit: [
      {
        entity: `application#${application.applicationId}`,
        at,
        actor: actorOf(principal),
        action: 'SUBMITTED',
      },
      ...(change
        ? [
            {
              entity: `reseller#${brn}`,
              at,
              actor: 'system',
              action: 'ELIGIBILITY_CHANGED',
              detail: { ...change },
            },
          ]
        : []),
    ],
  });
  // The application is saved; if starting its review fails now, the daily sweep starts it later
  // (the execution is named after the application, so it can never run twice).
  try {
    await deps.reviews.start(reviewInput(application.applicationId, policy));
    return { application, workflowStarted: true };
  } catch {
    return { application, workflowStarted: false };
  }
}

/** Policy deadlines travel in the input: Step Functions reads timeouts from paths, not tokens. */
export function reviewInput(applicationId: string, policy: PolicyParameters): ReviewWorkflowInput {
  return {
    applicationId,
    deadlines: {
      staffSeconds: policy.staffStepDeadlineDays * 86_400,
      supplementSeconds: policy.supplementDeadlineDays * 86_400,
    },
    decision: null,
  };
}

/** An application the caller may see; another reseller's is "not found", never "forbidden". */
export async function readApplication(
  deps: Pick<Deps, 'applications'>,
  principal: Principal,
  applicationId: string,
): Promise<Application> {
  const app = await deps.applications.get(applicationId);
  if (!app) throw new NotFoundError(`no application ${applicationId}`);
  if (isStaff(principal)) return app;
  if (principal.roles.includes('reseller') && principal.brn === app.brn) return app;
  throw new NotFoundError(`no application ${applicationId}`);
}

export async function listApplications(
  deps: Pick<Deps, 'applications'>,
  principal: Principal,
  filter: { status?: ApplicationStatus } & WorkQueueFilter,
  page: PageRequest,
): Promise<Page<Application>> {
  if (isStaff(principal)) return deps.applications.list(filter, page);
  if (!principal.brn) return { items: [] };
  // The work-queue filters are staff's: a reseller lists its own by status.
  return deps.applications.list(
    { ...(filter.status ? { status: filter.status } : {}), brn: principal.brn },
    page,
  );
}

/**
 * What a caller is shown: screening flags (ghost-registration evidence), the assignee and
 * escalations are for staff only; the due time of a staff step is shown to all.
 */
export function applicationView(app: Application, principal: Principal, detail: boolean) {
  const {
    revision: _revision,
    taskToken: _taskToken,
    appliedDecisions: _applied,
    submission,
    flags,
    assignee,
    escalatedAt,
    ...rest
  } = app;
  const dueAt = applicationDueAt(app);
  return {
    ...rest,
    ...(dueAt ? { dueAt } : {}),
    ...(isStaff(principal)
      ? { flags, ...(assignee ? { assignee } : {}), ...(escalatedAt ? { escalatedAt } : {}) }
      : {}),
    ...(detail ? { submission } : {}),
  };
}

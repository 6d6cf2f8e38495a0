import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { actorOf, hasRole, isStaff, type Principal } from '../core/principal.js';
import { addMonths, type PolicyParameters, policyAt } from '../policy/policy.js';
import type { AuditEntry, Deps, RegistryCommit } from '../ports.js';
import { announce } from '../resellers/announce-change.js';
import type { Reseller } from '../resellers/eligibility.js';
import {
  assertMayImpose,
  countCaseSanctionsSince,
  deciderOf,
  ladderStep,
  planImposition,
  type SanctionDecider,
  type SanctionRequest,
  sanctionTerms,
} from '../sanctions/sanctions.js';
import { dueAfterMonths } from '../time/kst-dates.js';
import { advance, annualInspection, type Inspection, reinspection } from './inspection.js';
import { startInspection } from './inspection-steps.js';

/**
 * What reviewers and the committee do to an inspection: record the visit's result, decide after a
 * second failure, assign it. Each is one transaction (inspection, reseller, sanction, feed, notices,
 * audit); a follow-up visit's workflow starts after it.
 */
async function load(deps: Pick<Deps, 'inspections'>, principal: Principal, inspectionId: string) {
  const inspection = await deps.inspections.get(inspectionId);
  const visible =
    inspection &&
    (isStaff(principal) || (principal.roles.includes('reseller') && principal.brn === inspection.brn));
  if (!visible) throw new NotFoundError(`no inspection ${inspectionId}`);
  return inspection;
}

export const readInspection = load;

/** A passed visit (or a committee's clearance): the certificate's next due date and revision move. */
function passed(
  reseller: Reseller,
  inspection: Inspection,
  inspectedAt: string,
  policy: PolicyParameters,
  now: Date,
  actor: string,
  nextId: string,
): {
  reseller: { before: Reseller; after: Reseller };
  follow: Inspection;
  commit?: Pick<RegistryCommit, 'change'>;
  audit: AuditEntry[];
} {
  const at = now.toISOString();
  const cert = reseller.certificate;
  // A renewal replaces the certificate but keeps its inspection schedule.
  if (!cert) throw new ConflictError(`reseller ${reseller.brn} no longer holds a certificate`);
  const nextInspectionDue = dueAfterMonths(inspectedAt, policy.inspectionIntervalMonths);
  const facts: Reseller = {
    ...reseller,
    certificate: {
      ...cert,
      nextInspectionDue,
      lastInspectedAt: inspectedAt,
      revision: (cert.revision ?? 1) + 1,
    },
    // A renewal approved ahead keeps the inspection schedule: it takes the new due date too.
    ...(reseller.nextCertificate
      ? { nextCertificate: { ...reseller.nextCertificate, nextInspectionDue, lastInspectedAt: inspectedAt } }
      : {}),
  };
  delete facts.inspectionOverdueSince;
  const { reseller: after, change } = announce(reseller, facts, policy, now);
  const follow = annualInspection({
    inspectionId: nextId,
    brn: reseller.brn,
    certificateId: cert.certificateId,
    from: inspectedAt,
    policy,
    now: at,
    actor,
    previousInspectionId: inspection.inspectionId,
  });
  return {
    reseller: { before: reseller, after },
    follow,
    ...(change ? { commit: { change } } : {}),
    audit: [
      {
        entity: `reseller#${reseller.brn}`,
        at,
        actor,
        action: 'CERTIFICATE_REVISED',
        detail: {
          certificateId: cert.certificateId,
          revision: after.certificate?.revision,
          nextInspectionDue,
          lastInspectedAt: inspectedAt,
        },
      },
    ],
  };
}

/** A sanction imposed by an inspection outcome (a refusal's ladder step, a committee's decision). */
function sanctioned(
  deps: Pick<Deps, 'ids'>,
  reseller: Reseller,
  request: SanctionRequest,
  reason: string,
  policy: PolicyParameters,
  now: Date,
  actor: string,
  path: string,
  decidedBy: SanctionDecider,
) {
  const terms = sanctionTerms(request, policy.sanctionLadder, now, path);
  return planImposition({
    before: reseller,
    terms,
    sanctionId: deps.ids.next('snc'),
    reason,
    actor,
    decidedBy,
    policy,
    now,
  });
}

async function commitPlan(
  deps: Pick<Deps, 'registry' | 'inspectionWorkflows'>,
  unit: RegistryCommit,
  follow?: Inspection,
) {
  await deps.registry.commit(unit);
  if (follow) await startInspection(deps, follow.inspectionId);
}

export interface InspectionResultBody {
  result: 'PASS' | 'FAIL' | 'REFUSED';
  inspectedAt: string;
  failedItems?: string[];
  comment?: string;
}

/** `POST /v1/inspections/{id}/result`: only while the visit is OPEN (409 otherwise). */
export async function recordInspectionResult(
  deps: Pick<
    Deps,
    | 'clock'
    | 'ids'
    | 'inspectionWorkflows'
    | 'inspections'
    | 'policies'
    | 'registry'
    | 'resellers'
    | 'sanctions'
  >,
  principal: Principal,
  inspectionId: string,
  body: InspectionResultBody,
): Promise<Inspection> {
  const inspection = await load(deps, principal, inspectionId);
  const now = deps.clock.now();
  const at = now.toISOString();
  if (Date.parse(body.inspectedAt) > now.getTime()) {
    throw new ValidationError('the inspection cannot have happened in the future', [
      { path: 'body.inspectedAt', message: 'must not be in the future' },
    ]);
  }
  const failedItems = body.failedItems ?? [];
  if (body.result === 'FAIL' && failedItems.length === 0) {
    throw new ValidationError('a failed inspection names the failed checklist items', [
      { path: 'body.failedItems', message: 'required when the result is FAIL' },
    ]);
  }
  if (inspection.status !== 'OPEN') {
    throw new ConflictError(`inspection ${inspectionId} is ${inspection.status}; a result needs it OPEN`);
  }
  const reseller = await deps.resellers.get(inspection.brn);
  if (!reseller) throw new NotFoundError(`no reseller ${inspection.brn}`);
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const actor = actorOf(principal);
  const recorded = {
    result: body.result,
    inspectedAt: body.inspectedAt,
    failedItems,
  } satisfies Partial<Inspection>;
  const entry = {
    actor,
    action: `RESULT_${body.result}`,
    ...(body.comment ? { comment: body.comment } : {}),
    ...(failedItems.length ? { failedItems } : {}),
  };
  const audit: AuditEntry[] = [
    {
      entity: `inspection#${inspectionId}`,
      at,
      actor,
      action: `INSPECTION_${body.result === 'PASS' ? 'PASSED' : body.result === 'FAIL' ? 'FAILED' : 'REFUSED'}`,
      detail: {
        brn: inspection.brn,
        inspectedAt: body.inspectedAt,
        failedItems,
        ...(body.comment ? { comment: body.comment } : {}),
      },
    },
  ];

  if (body.result === 'PASS') {
    const after = advance(inspection, { ...recorded, status: 'PASSED' }, entry, at);
    const p = passed(reseller, inspection, body.inspectedAt, policy, now, actor, deps.ids.next('insp'));
    await commitPlan(
      deps,
      {
        ...p.commit,
        reseller: p.reseller,
        records: [
          { kind: 'inspection', before: inspection, after },
          { kind: 'inspection', before: undefined, after: p.follow },
        ],
        audit: [...audit, ...p.audit],
      },
      p.follow,
    );
    return after;
  }

  if (body.result === 'FAIL' && inspection.priorFailures >= 1) {
    // A second failure in a row: the committee decides (suspension, revocation or clearance).
    const after = advance(inspection, { ...recorded, status: 'COMMITTEE' }, entry, at);
    await commitPlan(deps, { records: [{ kind: 'inspection', before: inspection, after }], audit });
    return after;
  }

  const follow = reinspection({
    inspectionId: deps.ids.next('insp'),
    previous: inspection,
    inspectedAt: body.inspectedAt,
    policy,
    now: at,
    actor,
    priorFailures: inspection.priorFailures + (body.result === 'FAIL' ? 1 : 0),
  });
  if (body.result === 'FAIL') {
    const after = advance(
      inspection,
      { ...recorded, status: 'FAILED', correctiveUntil: follow.opensAt },
      entry,
      at,
    );
    await commitPlan(
      deps,
      {
        records: [
          { kind: 'inspection', before: inspection, after },
          { kind: 'inspection', before: undefined, after: follow },
        ],
        audit,
      },
      follow,
    );
    return after;
  }

  // REFUSED: the sanction ladder's next step, and the visit is still owed after the corrective period.
  const since = addMonths(now, -policy.sanctionLadder.windowMonths).toISOString();
  const step = ladderStep(policy.sanctionLadder, await countCaseSanctionsSince(deps, inspection.brn, since));
  if (step.type === 'REVOCATION' && !hasRole(principal, 'committee')) {
    // A revocation is the committee's: the refusal goes to it instead.
    const after = advance(inspection, { ...recorded, status: 'COMMITTEE' }, entry, at);
    await commitPlan(deps, { records: [{ kind: 'inspection', before: inspection, after }], audit });
    return after;
  }
  const plan = sanctioned(
    deps,
    reseller,
    { type: step.type },
    `inspection ${inspectionId} refused`,
    policy,
    now,
    actor,
    'body.result',
    deciderOf(principal),
  );
  const after = advance(
    inspection,
    { ...recorded, status: 'REFUSED', sanctionId: plan.sanction.sanctionId, correctiveUntil: follow.opensAt },
    entry,
    at,
  );
  await commitPlan(
    deps,
    {
      ...(plan.reseller ? { reseller: plan.reseller } : {}),
      ...(plan.change ? { change: plan.change } : {}),
      sanction: { before: undefined, after: plan.sanction },
      records: [
        { kind: 'inspection', before: inspection, after },
        { kind: 'inspection', before: undefined, after: follow },
      ],
      audit: [...audit, ...plan.audit],
    },
    follow,
  );
  return after;
}

export interface InspectionDecisionBody {
  decision: 'CLEAR' | 'SUSPEND' | 'REVOKE';
  until?: string;
  comment: string;
}

/** `POST /v1/inspections/{id}/decision`: the committee, after a second failure (409 otherwise). */
export async function decideInspection(
  deps: Pick<
    Deps,
    'clock' | 'ids' | 'inspectionWorkflows' | 'inspections' | 'policies' | 'registry' | 'resellers'
  >,
  principal: Principal,
  inspectionId: string,
  body: InspectionDecisionBody,
): Promise<Inspection> {
  const inspection = await load(deps, principal, inspectionId);
  if (body.until !== undefined && body.decision !== 'SUSPEND') {
    throw new ValidationError('only a suspension has an end', [
      { path: 'body.until', message: 'applies to SUSPEND only' },
    ]);
  }
  if (inspection.status !== 'COMMITTEE') {
    throw new ConflictError(
      `inspection ${inspectionId} is ${inspection.status}; it awaits no committee decision`,
    );
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const reseller = await deps.resellers.get(inspection.brn);
  if (!reseller) throw new NotFoundError(`no reseller ${inspection.brn}`);
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const actor = actorOf(principal);
  const entry = { actor, action: `DECISION_${body.decision}`, comment: body.comment };
  const audit: AuditEntry[] = [
    {
      entity: `inspection#${inspectionId}`,
      at,
      actor,
      action: `INSPECTION_DECISION_${body.decision}`,
      detail: { brn: inspection.brn, comment: body.comment, ...(body.until ? { until: body.until } : {}) },
    },
  ];
  if (body.decision === 'CLEAR') {
    const after = advance(inspection, { status: 'PASSED', decision: 'CLEAR' }, entry, at);
    const p = passed(
      reseller,
      inspection,
      inspection.inspectedAt ?? at,
      policy,
      now,
      actor,
      deps.ids.next('insp'),
    );
    await commitPlan(
      deps,
      {
        ...p.commit,
        reseller: p.reseller,
        records: [
          { kind: 'inspection', before: inspection, after },
          { kind: 'inspection', before: undefined, after: p.follow },
        ],
        audit: [...audit, ...p.audit],
      },
      p.follow,
    );
    return after;
  }
  const type = body.decision === 'SUSPEND' ? 'SUSPENSION' : 'REVOCATION';
  assertMayImpose(principal, type);
  const plan = sanctioned(
    deps,
    reseller,
    { type, ...(body.until ? { until: body.until } : {}) },
    `inspection ${inspectionId} failed twice: ${body.comment}`,
    policy,
    now,
    actor,
    'body',
    'committee',
  );
  const after = advance(
    inspection,
    { status: 'FAILED', decision: body.decision, sanctionId: plan.sanction.sanctionId },
    entry,
    at,
  );
  await commitPlan(deps, {
    ...(plan.reseller ? { reseller: plan.reseller } : {}),
    ...(plan.change ? { change: plan.change } : {}),
    sanction: { before: undefined, after: plan.sanction },
    records: [{ kind: 'inspection', before: inspection, after }],
    audit: [...audit, ...plan.audit],
  });
  return after;
}

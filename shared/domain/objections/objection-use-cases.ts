import type { Application } from '../applications/application.js';
import { reviewInput } from '../applications/application-use-cases.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { actorOf, isStaff, type Principal } from '../core/principal.js';
import { type PolicyParameters, policyAt } from '../policy/policy.js';
import type { AuditEntry, ChangeEntry, Deps, RegistryCommit, Sanction } from '../ports.js';
import { announce, type ChangeCause } from '../resellers/announce-change.js';
import type { Reseller } from '../resellers/eligibility.js';
import { planImposition, type SanctionRequest, sanctionTerms } from '../sanctions/sanctions.js';
import { dueAfterDays } from '../time/kst-dates.js';
import {
  contestedAt,
  type Objection,
  type ObjectionSubject,
  objectionIdFor,
  objectionWindowEnds,
} from './objection.js';
import { withoutSanction, withSanction } from './sanction-effects.js';

type UseCaseDeps = Pick<
  Deps,
  'objections' | 'sanctions' | 'applications' | 'resellers' | 'registry' | 'policies' | 'clock' | 'ids'
>;

const policyNow = async (deps: Pick<Deps, 'policies' | 'clock'>) => {
  const now = deps.clock.now();
  return { now, policy: policyAt(await deps.policies.versions(), now).parameters };
};

/** Announces the reseller's new facts: the commit parts and the eligibility audit entry. */
function announced(
  before: Reseller,
  facts: Reseller,
  policy: PolicyParameters,
  now: Date,
  actor: string,
  sanctionId: string,
  cause: ChangeCause,
) {
  const { reseller, change } = announce(before, facts, policy, now, { cause });
  const tagged: Omit<ChangeEntry, 'seq'> | undefined = change ? { ...change, sanctionId } : undefined;
  return {
    reseller: { before, after: reseller },
    ...(tagged ? { change: tagged } : {}),
    audit: tagged
      ? [
          {
            entity: `reseller#${before.brn}`,
            at: now.toISOString(),
            actor,
            action: 'ELIGIBILITY_CHANGED',
            detail: { ...tagged },
          },
        ]
      : [],
  };
}

async function subjectOf(deps: UseCaseDeps, subject: ObjectionSubject) {
  return subject.type === 'SANCTION' ? deps.sanctions.get(subject.id) : deps.applications.get(subject.id);
}

/** `POST /v1/objections`: the reseller's own subject, within the window, once (409 for a second). */
export async function fileObjection(
  deps: UseCaseDeps,
  principal: Principal,
  body: { subject: ObjectionSubject; grounds: string },
): Promise<Objection> {
  const subject = await subjectOf(deps, body.subject);
  if (!subject || !principal.brn || subject.brn !== principal.brn) {
    throw new NotFoundError(`no ${body.subject.type.toLowerCase()} ${body.subject.id}`);
  }
  const decidedAt = contestedAt(subject);
  if (!decidedAt)
    throw new ConflictError(`application ${body.subject.id} was not rejected; there is nothing to object to`);
  const { now, policy } = await policyNow(deps);
  const at = now.toISOString();
  const windowEnds = objectionWindowEnds(decidedAt, policy.objectionWindowDays);
  if (at >= windowEnds) throw new ConflictError(`the objection window closed at ${windowEnds}`);
  const objectionId = objectionIdFor(body.subject);
  if (await deps.objections.get(objectionId)) {
    throw new ConflictError(
      `an objection to ${body.subject.type.toLowerCase()} ${body.subject.id} was filed already`,
    );
  }
  const actor = actorOf(principal);
  const objection: Objection = {
    objectionId,
    brn: subject.brn,
    subject: body.subject,
    grounds: body.grounds,
    status: 'FILED',
    filedAt: at,
    contestedAt: decidedAt,
    windowEnds,
    dueAt: dueAfterDays(at, policy.staffStepDeadlineDays),
    history: [{ at, actor, action: 'FILED' }],
    revision: 1,
  };
  // Created only if absent: of two racing filings, the second is a 409.
  await deps.registry.commit({
    records: [{ kind: 'objection', before: undefined, after: objection }],
    audit: [
      {
        entity: `objection#${objectionId}`,
        at,
        actor,
        action: 'OBJECTION_FILED',
        detail: { brn: subject.brn, subject: body.subject },
      },
    ],
  });
  return objection;
}

async function openObjection(deps: UseCaseDeps, objectionId: string) {
  const objection = await deps.objections.get(objectionId);
  if (!objection) throw new NotFoundError(`no objection ${objectionId}`);
  if (objection.status !== 'FILED')
    throw new ConflictError(`objection ${objectionId} is ${objection.status}`);
  return objection;
}

/**
 * `POST /v1/objections/{id}/stay`: a granted stay pauses the contested throttle, suspension or
 * revocation until the decision; the reseller returns to what time says (announced as reinstated).
 */
export async function stayObjection(
  deps: UseCaseDeps,
  principal: Principal,
  objectionId: string,
  body: { granted: boolean; comment: string },
): Promise<Objection> {
  const objection = await openObjection(deps, objectionId);
  if (objection.stay) throw new ConflictError(`objection ${objectionId} has a stay decision already`);
  const { now, policy } = await policyNow(deps);
  const at = now.toISOString();
  const actor = actorOf(principal);
  const after: Objection = {
    ...objection,
    stay: { granted: body.granted, at, by: actor, comment: body.comment },
    history: [
      ...objection.history,
      { at, actor, action: body.granted ? 'STAY_GRANTED' : 'STAY_REFUSED', comment: body.comment },
    ],
    revision: objection.revision + 1,
  };
  const unit: RegistryCommit = {
    records: [{ kind: 'objection', before: objection, after }],
    audit: [
      {
        entity: `objection#${objectionId}`,
        at,
        actor,
        action: after.history.at(-1)!.action,
        detail: { comment: body.comment },
      },
    ],
  };
  if (body.granted) {
    const sanction =
      objection.subject.type === 'SANCTION' ? await deps.sanctions.get(objection.subject.id) : undefined;
    const reseller = await deps.resellers.get(objection.brn);
    if (!sanction || !reseller || reseller.sanction?.sanctionId !== sanction.sanctionId) {
      throw new ConflictError('only a throttle, suspension or revocation in force can be stayed');
    }
    // Announced as a reinstatement: the reseller returns to what time says while the stay lasts.
    const effect = announced(
      reseller,
      withoutSanction(reseller, sanction, 'STAY'),
      policy,
      now,
      actor,
      sanction.sanctionId,
      'SANCTION_END',
    );
    unit.reseller = effect.reseller;
    if (effect.change) unit.change = effect.change;
    unit.sanction = {
      before: sanction,
      after: { ...sanction, stayedAt: at, revision: sanction.revision + 1 },
    };
    unit.audit.push(
      {
        entity: `sanction#${sanction.sanctionId}`,
        at,
        actor,
        action: 'SANCTION_STAYED',
        detail: { objectionId, brn: sanction.brn, comment: body.comment },
      },
      ...effect.audit,
    );
  }
  await deps.registry.commit(unit);
  return after;
}

export interface ObjectionDecisionBody {
  decision: 'UPHOLD' | 'MODIFY' | 'CANCEL';
  sanction?: SanctionRequest;
  comment: string;
}

/**
 * `POST /v1/objections/{id}/decision`. UPHOLD resumes a stayed sanction; MODIFY replaces the
 * sanction; CANCEL ends it at once (kept, marked cancelled, out of the ladder) or sends a rejected
 * application back to the committee.
 */
export async function decideObjection(
  deps: UseCaseDeps & Pick<Deps, 'reviews'>,
  principal: Principal,
  objectionId: string,
  body: ObjectionDecisionBody,
): Promise<Objection> {
  const objection = await openObjection(deps, objectionId);
  const isSanction = objection.subject.type === 'SANCTION';
  if (body.decision === 'MODIFY' && !body.sanction) {
    throw new ValidationError('a modification names the replacement sanction', [
      { path: 'body.sanction', message: 'required for MODIFY' },
    ]);
  }
  if (body.sanction && body.decision !== 'MODIFY') {
    throw new ValidationError('only a modification takes a sanction', [
      { path: 'body.sanction', message: 'applies to MODIFY only' },
    ]);
  }
  if (body.decision === 'MODIFY' && !isSanction)
    throw new ConflictError('a rejection can be upheld or cancelled, not modified');
  const { now, policy } = await policyNow(deps);
  const at = now.toISOString();
  const actor = actorOf(principal);
  const status = ({ UPHOLD: 'UPHELD', MODIFY: 'MODIFIED', CANCEL: 'CANCELLED' } as const)[body.decision];
  const after: Objection = {
    ...objection,
    status,
    decision: body.decision,
    decidedAt: at,
    history: [...objection.history, { at, actor, action: status, comment: body.comment }],
    revision: objection.revision + 1,
  };
  const audit: AuditEntry[] = [
    {
      entity: `objection#${objectionId}`,
      at,
      actor,
      action: `OBJECTION_${status}`,
      detail: { comment: body.comment, subject: objection.subject },
    },
  ];
  const unit: RegistryCommit = { records: [{ kind: 'objection', before: objection, after }], audit };

  if (!isSanction) {
    if (body.decision === 'CANCEL') {
      const app = await deps.applications.get(objection.subject.id);
      if (app?.status !== 'REJECTED') throw new ConflictError('the application is no longer rejected');
      const reopened: Application = {
        ...app,
        status: 'COMMITTEE_REVIEW',
        updatedAt: at,
        revision: app.revision + 1,
        history: [
          ...app.history,
          { step: 'OBJECTION', at, actor, decision: 'REJECTION_CANCELLED', comment: body.comment },
        ],
      };
      unit.application = { before: app, after: reopened };
      audit.push({
        entity: `application#${app.applicationId}`,
        at,
        actor,
        action: 'REJECTION_CANCELLED',
        detail: { objectionId },
      });
      await deps.registry.commit(unit);
      // The committee decides again: a new execution that opens the committee step.
      await deps.reviews.start({ ...reviewInput(app.applicationId, policy), resumeAt: 'COMMITTEE_REVIEW' });
      return after;
    }
    await deps.registry.commit(unit);
    return after;
  }

  const sanction = await deps.sanctions.get(objection.subject.id);
  const reseller = await deps.resellers.get(objection.brn);
  if (!sanction || !reseller) throw new NotFoundError(`no sanction ${objection.subject.id}`);
  const stayed = !!sanction.stayedAt && !sanction.cancelledAt;
  if (body.decision === 'UPHOLD') {
    if (stayed) {
      const effect = announced(
        reseller,
        withSanction(reseller, sanction, now),
        policy,
        now,
        actor,
        sanction.sanctionId,
        'SANCTION',
      );
      const resumed = { ...sanction, revision: sanction.revision + 1 };
      delete resumed.stayedAt;
      Object.assign(unit, {
        reseller: effect.reseller,
        ...(effect.change ? { change: effect.change } : {}),
        sanction: { before: sanction, after: resumed },
      });
      audit.push(
        {
          entity: `sanction#${sanction.sanctionId}`,
          at,
          actor,
          action: 'SANCTION_RESUMED',
          detail: { objectionId, brn: sanction.brn, comment: body.comment },
        },
        ...effect.audit,
      );
    }
    await deps.registry.commit(unit);
    return after;
  }
  // CANCEL or MODIFY: the contested sanction ends now and stays on record, marked cancelled.
  const cancelled: Sanction = {
    ...sanction,
    cancelledAt: at,
    cancelledBy: actor,
    revision: sanction.revision + 1,
  };
  audit.push({
    entity: `sanction#${sanction.sanctionId}`,
    at,
    actor,
    action: 'SANCTION_CANCELLED',
    detail: { objectionId, brn: sanction.brn, comment: body.comment },
  });
  const facts = withoutSanction(reseller, sanction, 'CANCEL');
  if (body.decision === 'CANCEL') {
    const effect = announced(reseller, facts, policy, now, actor, sanction.sanctionId, 'SANCTION_END');
    Object.assign(unit, {
      reseller: effect.reseller,
      ...(effect.change ? { change: effect.change } : {}),
      sanction: { before: sanction, after: cancelled },
    });
    audit.push(...effect.audit);
    await deps.registry.commit(unit);
    return after;
  }
  // MODIFY: the replacement is imposed on the reseller as it stands without the contested sanction.
  const terms = sanctionTerms(body.sanction!, policy.sanctionLadder, now, 'body.sanction');
  const plan = planImposition({
    before: { ...facts, status: reseller.status, throttle: reseller.throttle },
    terms,
    sanctionId: deps.ids.next('snc'),
    reason: `${sanction.reason} (modified on objection ${objectionId})`,
    ...(sanction.caseId ? { caseId: sanction.caseId } : {}),
    actor,
    // Objections are decided by the operating committee.
    decidedBy: 'committee',
    policy,
    now,
  });
  after.replacementSanctionId = plan.sanction.sanctionId;
  await deps.registry.commit({
    ...unit,
    records: [...(unit.records ?? []), { kind: 'sanction', before: sanction, after: cancelled }],
    ...(plan.reseller ? { reseller: { before: reseller, after: plan.reseller.after } } : {}),
    ...(plan.change ? { change: plan.change } : {}),
    sanction: { before: undefined, after: plan.sanction },
    audit: [...audit, ...plan.audit],
  });
  return after;
}

/** What a caller sees; the assignee and an escalation are staff business. */
export function objectionView(o: Objection, principal: Principal) {
  const { revision: _revision, assignee, escalatedAt, ...rest } = o;
  return {
    ...rest,
    ...(isStaff(principal) && assignee ? { assignee } : {}),
    ...(isStaff(principal) && escalatedAt ? { escalatedAt } : {}),
  };
}

export async function readObjection(
  deps: Pick<Deps, 'objections'>,
  principal: Principal,
  objectionId: string,
) {
  const o = await deps.objections.get(objectionId);
  if (!o || (!isStaff(principal) && principal.brn !== o.brn))
    throw new NotFoundError(`no objection ${objectionId}`);
  return o;
}

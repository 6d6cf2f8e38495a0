import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { actorOf, hasRole, type Principal } from '../core/principal.js';
import { addMonths, policyAt } from '../policy/policy.js';
import type { AuditEntry, Deps, Sanction, SpamCase } from '../ports.js';
import type { Reseller } from '../resellers/eligibility.js';
import {
  assertMayImpose,
  countCaseSanctionsSince,
  deciderOf,
  type Imposition,
  ladderStep,
  planImposition,
  type SanctionRequest,
  sanctionTerms,
} from '../sanctions/sanctions.js';

export interface CaseDecisionBody {
  decision: 'CONFIRM' | 'DISMISS';
  sanction?: SanctionRequest;
  comment: string;
}

export interface CaseDecisionResult {
  spamCase: SpamCase;
  sanction: Sanction | null;
  /** The reseller after the decision (undefined when not in the registry). */
  reseller?: Reseller;
  /** How the sanction was chosen: asked for explicitly, or the policy ladder's next step. */
  basis: 'REQUEST' | 'LADDER' | null;
  /** Confirmed without a sanction, and why (a revoked or unregistered reseller). */
  note?: string;
}

/**
 * `POST /v1/cases/{caseId}/decision`. A reviewer confirms or dismisses an OPEN case; a confirmation
 * imposes a warning, throttle or suspension at once, in ONE commit with the case, the sanction, the
 * reseller's eligibility change, the relays' notices and the audit. A revocation is the operating
 * committee's: a reviewer asking for one, or confirming a case whose ladder step is a revocation,
 * gets a 403 and the case stays OPEN for the committee (a reviewer may still confirm with an explicit
 * lesser sanction). Without `sanction`, the ladder decides: the count of the reseller's sanctions
 * from confirmed cases within `windowMonths` picks the next step (the last step repeats).
 */
export async function decideCase(
  deps: Pick<Deps, 'cases' | 'clock' | 'ids' | 'policies' | 'registry' | 'resellers' | 'sanctions'>,
  principal: Principal,
  caseId: string,
  body: CaseDecisionBody,
): Promise<CaseDecisionResult> {
  const before = await deps.cases.get(caseId);
  if (!before) throw new NotFoundError(`no case ${caseId}`);
  if (before.status !== 'OPEN') {
    throw new ConflictError(`case ${caseId} is ${before.status}; only an OPEN case can be decided`);
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const actor = actorOf(principal);
  const decided: SpamCase = {
    ...before,
    status: body.decision === 'CONFIRM' ? 'CONFIRMED' : 'DISMISSED',
    decision: body.decision,
    decidedAt: at,
    decidedBy: actor,
    comment: body.comment,
    revision: before.revision + 1,
  };
  const caseAudit: AuditEntry = {
    entity: `case#${caseId}`,
    at,
    actor,
    action: body.decision === 'CONFIRM' ? 'CASE_CONFIRMED' : 'CASE_DISMISSED',
    detail: { brn: before.brn, comment: body.comment },
  };

  if (body.decision === 'DISMISS') {
    if (body.sanction) {
      throw new ValidationError('a dismissed case carries no sanction', [
        { path: 'body.sanction', message: 'must be absent when the decision is DISMISS' },
      ]);
    }
    await deps.registry.commit({ spamCase: { before, after: decided }, audit: [caseAudit] });
    return { spamCase: decided, sanction: null, basis: null };
  }

  if (body.sanction) assertMayImpose(principal, body.sanction.type);
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const reseller = await deps.resellers.get(before.brn);
  if (!reseller || reseller.revokedAt) {
    // Nothing left to sanction: the facts are confirmed all the same.
    const note = !reseller
      ? `reseller ${before.brn} is not in the registry; nothing to sanction`
      : `reseller ${before.brn} is already revoked; nothing further to sanction`;
    if (body.sanction) throw new ConflictError(note);
    caseAudit.detail!.note = note;
    await deps.registry.commit({ spamCase: { before, after: decided }, audit: [caseAudit] });
    return { spamCase: decided, sanction: null, basis: null, note, ...(reseller ? { reseller } : {}) };
  }

  let request: SanctionRequest;
  let basis: CaseDecisionResult['basis'];
  if (body.sanction) {
    request = body.sanction;
    basis = 'REQUEST';
  } else {
    const ladder = policy.sanctionLadder;
    const since = addMonths(now, -ladder.windowMonths).toISOString();
    const prior = await countCaseSanctionsSince(deps, before.brn, since);
    request = { type: ladderStep(ladder, prior).type };
    basis = 'LADDER';
    if (request.type === 'REVOCATION' && !hasRole(principal, 'committee')) {
      assertMayImpose(
        principal,
        'REVOCATION',
        `: the sanction ladder calls for a revocation (${prior} sanctions from confirmed cases in ` +
          `${ladder.windowMonths} months); the case stays OPEN for the committee, or confirm it with ` +
          'an explicit lesser sanction',
      );
    }
  }
  const terms = sanctionTerms(request, policy.sanctionLadder, now, 'body.sanction');
  const plan: Imposition = planImposition({
    before: reseller,
    terms,
    sanctionId: deps.ids.next('snc'),
    reason: `illegal spam confirmed in case ${caseId}`,
    caseId,
    actor,
    decidedBy: deciderOf(principal),
    policy,
    now,
  });
  plan.audit[0]!.detail!.basis = basis;
  decided.sanctionId = plan.sanction.sanctionId;
  caseAudit.detail!.sanctionId = plan.sanction.sanctionId;
  await deps.registry.commit({
    ...(plan.reseller ? { reseller: plan.reseller } : {}),
    ...(plan.change ? { change: plan.change } : {}),
    spamCase: { before, after: decided },
    sanction: { before: undefined, after: plan.sanction },
    audit: [caseAudit, ...plan.audit],
  });
  return { spamCase: decided, sanction: plan.sanction, basis, reseller: plan.reseller?.after ?? reseller };
}

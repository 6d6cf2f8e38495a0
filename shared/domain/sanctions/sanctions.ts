import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { actorOf, hasRole, mayReadReseller, type Principal } from '../core/principal.js';
import { addDays, type PolicyParameters, policyAt, type Throttle } from '../policy/policy.js';
import type { AuditEntry, ChangeEntry, Deps, Page, PageRequest, Sanction } from '../ports.js';
import { announce } from '../resellers/announce-change.js';
import {
  type ActiveSanction,
  deriveEligibility,
  type Reseller,
  SANCTIONABLE,
} from '../resellers/eligibility.js';
import { monthsEndingOnDate } from '../time/calendar.js';

/**
 * Sanctions: warning, reduced sending (throttle), transmission suspension and
 * certificate revocation. Reviewers impose the first three at once; revocation is the operating
 * committee's. A reseller has at most one sanction in force (`Reseller.sanction`): a new one
 * supersedes it, and may not be milder than it. Eligibility follows from the facts (eligibility.ts);
 * the daily sweep ends a sanction whose `until` has passed (enforcement.ts).
 */
export type SanctionType = Sanction['type'];
export type SanctionDecider = NonNullable<Sanction['decidedBy']>;

/** The committee decides as the committee; any other staff caller as a reviewer. */
export function deciderOf(principal: Principal): SanctionDecider {
  return hasRole(principal, 'committee') ? 'committee' : 'reviewer';
}

/** Who decided a stored sanction; older records tell by the actor that imposed them. */
export function decidedByOf(s: Pick<Sanction, 'decidedBy' | 'imposedBy'>): SanctionDecider {
  return s.decidedBy ?? (s.imposedBy.startsWith('committee:') ? 'committee' : 'reviewer');
}

/**
 * What the committee decided only the committee undoes: a reviewer's new sanction may replace a
 * committee's only if it ends no earlier and, throttle for throttle, is no milder.
 */
function assertNotUndoingCommittee(
  current: ActiveSanction,
  terms: SanctionTerms,
  decidedBy: SanctionDecider,
) {
  if (current.decidedBy !== 'committee' || decidedBy === 'committee') return;
  const endsEarlier =
    current.until === null
      ? terms.until !== null
      : terms.until !== null && Date.parse(terms.until) < Date.parse(current.until);
  const milder =
    SEVERITY[terms.type] < SEVERITY[current.type] ||
    (current.type === 'THROTTLE' &&
      terms.type === 'THROTTLE' &&
      current.throttle !== undefined &&
      terms.throttle !== undefined &&
      (terms.throttle.speedPercent > current.throttle.speedPercent ||
        terms.throttle.volumePercent > current.throttle.volumePercent));
  if (endsEarlier || milder) {
    throw new ForbiddenError(
      `the ${current.type} in force (${current.sanctionId}) was decided by the operating committee; ` +
        'only the committee may shorten or soften it',
    );
  }
}

export const SEVERITY: Record<SanctionType, number> = {
  WARNING: 0,
  THROTTLE: 1,
  SUSPENSION: 2,
  REVOCATION: 3,
};

/** What a caller asks for; the policy ladder fills in what is left out. */
export interface SanctionRequest {
  type: SanctionType;
  until?: string;
  speedPercent?: number;
  volumePercent?: number;
}

export interface SanctionTerms {
  type: SanctionType;
  from: string;
  until: string | null;
  throttle?: Throttle;
}

type Ladder = PolicyParameters['sanctionLadder'];
type LadderStep = Ladder['steps'][number];

function ladderDefaults(ladder: Ladder, type: SanctionType): LadderStep | undefined {
  return ladder.steps.find((s) => s.type === type);
}

/** The ladder step after `confirmed` case sanctions within the window (the last step repeats). */
export function ladderStep(ladder: Ladder, confirmed: number): LadderStep {
  return ladder.steps[Math.min(confirmed, ladder.steps.length - 1)]!;
}

const DEFAULT_DAYS: Partial<Record<SanctionType, number>> = { THROTTLE: 30, SUSPENSION: 90 };
const DEFAULT_THROTTLE: Throttle = { speedPercent: 50, volumePercent: 50 };

/**
 * Turns a request into concrete terms: it takes effect now; a throttle or suspension ends at
 * `until` or after the ladder's days for that type (so the sweep reinstates it); a warning and a
 * revocation have no end. Fields that do not apply to the type are refused, naming the field.
 */
export function sanctionTerms(req: SanctionRequest, ladder: Ladder, now: Date, path: string): SanctionTerms {
  const errors: { path: string; message: string }[] = [];
  const timed = req.type === 'THROTTLE' || req.type === 'SUSPENSION';
  if (req.until !== undefined) {
    if (!timed) errors.push({ path: `${path}.until`, message: `a ${req.type} has no end date` });
    else if (Date.parse(req.until) <= now.getTime())
      errors.push({ path: `${path}.until`, message: 'must be in the future' });
  }
  if (req.type !== 'THROTTLE') {
    for (const f of ['speedPercent', 'volumePercent'] as const) {
      if (req[f] !== undefined) errors.push({ path: `${path}.${f}`, message: 'applies to a THROTTLE only' });
    }
  }
  if (errors.length > 0) throw new ValidationError('the sanction does not fit its type', errors);
  const step = ladderDefaults(ladder, req.type);
  const from = now.toISOString();
  if (!timed) return { type: req.type, from, until: null };
  const days = step?.days ?? DEFAULT_DAYS[req.type]!;
  const until = req.until ?? addDays(now, days).toISOString();
  if (req.type === 'SUSPENSION') return { type: req.type, from, until };
  return {
    type: req.type,
    from,
    until,
    throttle: {
      speedPercent: req.speedPercent ?? step?.speedPercent ?? DEFAULT_THROTTLE.speedPercent,
      volumePercent: req.volumePercent ?? step?.volumePercent ?? DEFAULT_THROTTLE.volumePercent,
    },
  };
}

/** The revocation rule: only the operating committee decides one. */
export function assertMayImpose(principal: Principal, type: SanctionType, hint = ''): void {
  if (type === 'REVOCATION' && !hasRole(principal, 'committee')) {
    throw new ForbiddenError(`a revocation is decided by the operating committee${hint}`);
  }
}

/** The sanction in force on a reseller at `now` (a warning is never "in force"). */
export function sanctionInForce(r: Reseller | undefined, now: Date): ActiveSanction | undefined {
  const s = r?.sanction;
  if (!s) return undefined;
  if (s.type === 'REVOCATION') return r?.revokedAt ? s : undefined;
  if (Date.parse(s.from) > now.getTime()) return undefined;
  if (s.until !== null && Date.parse(s.until) <= now.getTime()) return undefined;
  return s;
}

export interface Imposition {
  sanction: Sanction;
  reseller?: { before: Reseller; after: Reseller };
  change?: Omit<ChangeEntry, 'seq'>;
  audit: AuditEntry[];
}

/**
 * Plans imposing a sanction on a reseller: the sanction record and, unless it is a warning, the
 * reseller's new facts and the eligibility change they announce. Pure; the caller commits it.
 */
export function planImposition(input: {
  before: Reseller;
  terms: SanctionTerms;
  sanctionId: string;
  reason: string;
  caseId?: string;
  actor: string;
  decidedBy: SanctionDecider;
  policy: PolicyParameters;
  now: Date;
}): Imposition {
  const { before, terms, policy, now } = input;
  const at = now.toISOString();
  if (before.revokedAt) {
    throw new ConflictError(`reseller ${before.brn} is revoked; no further sanction can be imposed`);
  }
  // A throttle or suspension must bite: it applies only while the reseller may send (or is already
  // suspended, to be superseded). Stored "in force" with no effect, it would mislead every relay.
  const standing = deriveEligibility(before, policy, now).status;
  if (
    (terms.type === 'THROTTLE' || terms.type === 'SUSPENSION') &&
    !SANCTIONABLE.has(standing) &&
    standing !== 'SUSPENDED'
  ) {
    throw new ConflictError(
      `reseller ${before.brn} is ${standing} and may not send; a ${terms.type} would have no effect`,
    );
  }
  if (
    terms.type === 'REVOCATION' &&
    !before.certificate &&
    standing !== 'GRACE' &&
    standing !== 'THROTTLED' &&
    standing !== 'SUSPENDED'
  ) {
    throw new ConflictError(
      `reseller ${before.brn} is ${standing}; there is no certificate or grace to revoke`,
    );
  }
  const current = sanctionInForce(before, now);
  if (terms.type !== 'WARNING' && current && SEVERITY[current.type] > SEVERITY[terms.type]) {
    throw new ConflictError(
      `a ${current.type} (${current.sanctionId}) is in force until ${current.until}; ` +
        `lift it first or impose a sanction at least as severe as it`,
    );
  }
  if (terms.type !== 'WARNING' && current) assertNotUndoingCommittee(current, terms, input.decidedBy);
  const sanction: Sanction = {
    sanctionId: input.sanctionId,
    brn: before.brn,
    type: terms.type,
    from: terms.from,
    until: terms.until,
    reason: input.reason,
    ...(input.caseId ? { caseId: input.caseId } : {}),
    ...(terms.throttle ? { throttle: terms.throttle } : {}),
    imposedAt: at,
    imposedBy: input.actor,
    decidedBy: input.decidedBy,
    revision: 1,
  };
  const audit: AuditEntry[] = [
    {
      entity: `sanction#${sanction.sanctionId}`,
      at,
      actor: input.actor,
      action: 'SANCTION_IMPOSED',
      detail: {
        brn: sanction.brn,
        type: sanction.type,
        from: sanction.from,
        until: sanction.until,
        ...(sanction.caseId ? { caseId: sanction.caseId } : {}),
        ...(sanction.throttle ? { throttle: sanction.throttle } : {}),
        ...(current ? { supersedes: current.sanctionId } : {}),
      },
    },
  ];
  // A warning is on record only: it changes no eligibility and sends no notice.
  if (terms.type === 'WARNING') return { sanction, audit };

  const active: ActiveSanction = {
    sanctionId: sanction.sanctionId,
    type: sanction.type,
    from: sanction.from,
    until: sanction.until,
    reason: sanction.reason,
    ...(sanction.caseId ? { caseId: sanction.caseId } : {}),
    ...(sanction.throttle ? { throttle: sanction.throttle } : {}),
    decidedBy: input.decidedBy,
  };
  const facts: Reseller = { ...before, sanction: active };
  if (terms.type === 'SUSPENSION') facts.standing = { status: 'SUSPENDED', since: at };
  if (terms.type === 'REVOCATION') {
    facts.revokedAt = at;
    facts.revocationReason = input.reason;
    // The bar ends at the end of its last KST day.
    facts.reapplyAfter = monthsEndingOnDate(now, policy.reapplyBarMonths).toISOString();
    facts.standing = { status: 'REVOKED', since: at };
    // The certificate is cancelled; its id stays in the audit trail.
    if (before.certificate) audit[0]!.detail!.cancelledCertificateId = before.certificate.certificateId;
    // Kept aside: a stay or a cancellation on objection gives the certificate back.
    if (before.certificate || before.nextCertificate) {
      facts.revokedCertificates = {
        ...(before.certificate ? { certificate: before.certificate } : {}),
        ...(before.nextCertificate ? { nextCertificate: before.nextCertificate } : {}),
      };
    }
    delete facts.certificate;
    delete facts.nextCertificate;
    delete facts.inspectionOverdueSince;
  }
  const { reseller, change } = announce(before, facts, policy, now, { cause: 'SANCTION' });
  if (change) {
    audit.push({
      entity: `reseller#${before.brn}`,
      at,
      actor: input.actor,
      action: 'ELIGIBILITY_CHANGED',
      detail: { ...change },
    });
  }
  return { sanction, reseller: { before, after: reseller }, ...(change ? { change } : {}), audit };
}

async function currentPolicy(deps: Pick<Deps, 'policies'>, now: Date): Promise<PolicyParameters> {
  return policyAt(await deps.policies.versions(), now).parameters;
}

export interface ImposeSanctionBody extends SanctionRequest {
  reason: string;
  comment?: string;
}

/**
 * `POST /v1/resellers/{brn}/sanctions`: a sanction outside a spam case (e.g. an inspection failure),
 * committed with the reseller, its eligibility change, the relays' notices and the audit at once.
 */
export async function imposeSanction(
  deps: Pick<Deps, 'clock' | 'ids' | 'policies' | 'registry' | 'resellers'>,
  principal: Principal,
  brn: string,
  body: ImposeSanctionBody,
): Promise<{ sanction: Sanction; reseller: Reseller }> {
  assertMayImpose(principal, body.type);
  const now = deps.clock.now();
  const policy = await currentPolicy(deps, now);
  const terms = sanctionTerms(body, policy.sanctionLadder, now, 'body');
  const before = await deps.resellers.get(brn);
  if (!before) throw new NotFoundError(`no reseller ${brn}`);
  const actor = actorOf(principal);
  const plan = planImposition({
    before,
    terms,
    sanctionId: deps.ids.next('snc'),
    reason: body.reason,
    actor,
    decidedBy: deciderOf(principal),
    policy,
    now,
  });
  if (body.comment) plan.audit[0]!.detail!.comment = body.comment;
  await deps.registry.commit({
    ...(plan.reseller ? { reseller: plan.reseller } : {}),
    ...(plan.change ? { change: plan.change } : {}),
    sanction: { before: undefined, after: plan.sanction },
    audit: plan.audit,
  });
  return { sanction: plan.sanction, reseller: plan.reseller?.after ?? before };
}

/**
 * `POST /v1/sanctions/{sanctionId}/lift`: ends the sanction in force early; the reseller is
 * reinstated and every relay is told. A warning has nothing in force, and a revocation is final
 * (the reseller re-applies once `reapplyAfter` has passed), so neither can be lifted.
 */
export async function liftSanction(
  deps: Pick<Deps, 'clock' | 'policies' | 'registry' | 'resellers' | 'sanctions'>,
  principal: Principal,
  sanctionId: string,
  body: { reason: string },
): Promise<{ sanction: Sanction; reseller: Reseller }> {
  const before = await deps.sanctions.get(sanctionId);
  if (!before) throw new NotFoundError(`no sanction ${sanctionId}`);
  if (before.type === 'WARNING')
    throw new ConflictError('a warning is not in force; there is nothing to lift');
  if (before.type === 'REVOCATION') {
    throw new ConflictError('a revocation is final; the reseller may re-apply after the bar ends');
  }
  if (before.liftedAt) throw new ConflictError(`sanction ${sanctionId} was lifted at ${before.liftedAt}`);
  if (decidedByOf(before) === 'committee' && deciderOf(principal) !== 'committee') {
    throw new ForbiddenError(
      `sanction ${sanctionId} was decided by the operating committee; only it may lift it`,
    );
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const reseller = await deps.resellers.get(before.brn);
  const inForce = sanctionInForce(reseller, now);
  if (!reseller || inForce?.sanctionId !== sanctionId) {
    throw new ConflictError(`sanction ${sanctionId} is not in force (it ended or was superseded)`);
  }
  const actor = actorOf(principal);
  const policy = await currentPolicy(deps, now);
  const facts: Reseller = { ...reseller };
  delete facts.sanction;
  // The suspension ended; the reseller still counts for ghost screening over the look-back window.
  if (facts.standing?.status === 'SUSPENDED' && !facts.standing.until)
    facts.standing = { ...facts.standing, until: at };
  const announced = announce(reseller, facts, policy, now, { cause: 'SANCTION_END' });
  // The reinstatement notices belong to this sanction too (GET /v1/sanctions/{id}/notices).
  const change = announced.change ? { ...announced.change, sanctionId } : undefined;
  const after: Sanction = {
    ...before,
    liftedAt: at,
    liftedBy: actor,
    liftReason: body.reason,
    revision: before.revision + 1,
  };
  await deps.registry.commit({
    reseller: { before: reseller, after: announced.reseller },
    ...(change ? { change } : {}),
    sanction: { before, after },
    audit: [
      {
        entity: `sanction#${sanctionId}`,
        at,
        actor,
        action: 'SANCTION_LIFTED',
        detail: { brn: before.brn, type: before.type, reason: body.reason },
      },
      ...(change
        ? [
            {
              entity: `reseller#${before.brn}`,
              at,
              actor,
              action: 'ELIGIBILITY_CHANGED',
              detail: { ...change },
            },
          ]
        : []),
    ],
  });
  return { sanction: after, reseller: announced.reseller };
}

export type SanctionState =
  | 'IN_FORCE'
  | 'ISSUED'
  | 'ENDED'
  | 'LIFTED'
  | 'SUPERSEDED'
  | 'STAYED'
  | 'CANCELLED';

/** A sanction as callers see it; who imposed or lifted it is shown to staff only. */
export function sanctionView(s: Sanction, reseller: Reseller | undefined, principal: Principal, now: Date) {
  const staff = hasRole(principal, 'reviewer', 'committee', 'regulator', 'admin');
  let state: SanctionState;
  if (s.cancelledAt) state = 'CANCELLED';
  else if (s.liftedAt) state = 'LIFTED';
  else if (s.stayedAt) state = 'STAYED';
  else if (s.type === 'WARNING') state = 'ISSUED';
  else if (sanctionInForce(reseller, now)?.sanctionId === s.sanctionId) state = 'IN_FORCE';
  else if (s.until !== null && Date.parse(s.until) <= now.getTime()) state = 'ENDED';
  else state = 'SUPERSEDED';
  return {
    sanctionId: s.sanctionId,
    brn: s.brn,
    type: s.type,
    state,
    from: s.from,
    until: s.until,
    reason: s.reason,
    caseId: s.caseId ?? null,
    throttle: s.throttle ?? null,
    imposedAt: s.imposedAt,
    decidedBy: decidedByOf(s),
    liftedAt: s.liftedAt ?? null,
    liftReason: s.liftReason ?? null,
    ...(staff ? { imposedBy: s.imposedBy, liftedBy: s.liftedBy ?? null } : {}),
  };
}
export type SanctionView = ReturnType<typeof sanctionView>;

/** `GET /v1/resellers/{brn}/sanctions`: newest first; another reseller's are "not found". */
export async function listSanctions(
  deps: Pick<Deps, 'clock' | 'resellers' | 'sanctions'>,
  principal: Principal,
  brn: string,
  page: PageRequest,
): Promise<Page<SanctionView>> {
  if (!mayReadReseller(principal, brn)) throw new NotFoundError(`no reseller ${brn}`);
  const now = deps.clock.now();
  const [reseller, result] = await Promise.all([
    deps.resellers.get(brn),
    deps.sanctions.listByReseller(brn, page),
  ]);
  return {
    items: result.items.map((s) => sanctionView(s, reseller, principal, now)),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

/** How many sanctions of confirmed spam cases the reseller received since `since` (the ladder's count). */
export async function countCaseSanctionsSince(
  deps: Pick<Deps, 'sanctions'>,
  brn: string,
  since: string,
): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.sanctions.listByReseller(brn, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const s of page.items) {
      // Newest first: once past the window, the rest are older still.
      if (s.imposedAt < since) return count;
      // A sanction cancelled on objection no longer counts.
      if (s.caseId && !s.cancelledAt) count++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

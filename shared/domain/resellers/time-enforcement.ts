import { ConcurrentUpdateError } from '../core/errors.js';
import { policyAt } from '../policy/policy.js';
import type { AuditEntry, Deps, RegistryCommit } from '../ports.js';
import { announce, type ChangeCause } from './announce-change.js';
import type { Reseller } from './eligibility.js';

export interface EnforcementResult {
  brn: string;
  changed: boolean;
  status?: Reseller['status'];
  inspectionOverdue?: boolean;
  /** The instants committed, oldest first (several when a trigger ran late past more than one). */
  instants?: string[];
}

type EnforcementDeps = Pick<Deps, 'resellers' | 'policies' | 'registry' | 'clock' | 'notifier'>;

/** At most this many instants are caught up per call; the trigger planned for the next one does the rest. */
const MAX_INSTANTS_PER_CALL = 50;

/**
 * The facts as they stand at `instant`: what has run out is history. A renewal approved ahead
 * replaces the certificate at its start; a sanction whose end passed is no longer open; an inspection due date that passed is noted once; a re-application bar that
 * ended is noted once.
 */
function factsAt(before: Reseller, instant: Date): { facts: Reseller; cause: ChangeCause; audit: string[] } {
  const t = instant.getTime();
  const facts: Reseller = { ...before };
  const audit: string[] = [];
  let cause: ChangeCause = 'TIME';
  // A renewal approved ahead takes over at its first instant: new id, validity and revision.
  if (facts.nextCertificate?.validFrom && Date.parse(facts.nextCertificate.validFrom) <= t) {
    facts.certificate = facts.nextCertificate;
    delete facts.nextCertificate;
    audit.push('CERTIFICATE_RENEWED');
  }
  if (facts.sanction?.until && Date.parse(facts.sanction.until) <= t && !facts.sanction.stayedAt) {
    delete facts.sanction;
    cause = 'SANCTION_END';
    if (facts.standing?.status === 'SUSPENDED' && !facts.standing.until) {
      facts.standing = { ...facts.standing, until: instant.toISOString() };
    }
    audit.push('SANCTION_ENDED');
  } else if (facts.sanction && Date.parse(facts.sanction.from) === t) {
    cause = 'SANCTION';
  }
  if (
    facts.certificate &&
    !facts.inspectionOverdueSince &&
    Date.parse(facts.certificate.nextInspectionDue) <= t &&
    Date.parse(facts.certificate.validUntil) > t
  ) {
    facts.inspectionOverdueSince = instant.toISOString();
    audit.push('INSPECTION_OVERDUE');
  }
  if (
    facts.revokedAt &&
    facts.reapplyAfter &&
    !facts.reapplyBarEndedAt &&
    Date.parse(facts.reapplyAfter) <= t
  ) {
    facts.reapplyBarEndedAt = instant.toISOString();
    audit.push('REAPPLICATION_BAR_ENDED');
  }
  if (facts.closedAt && Date.parse(facts.closedAt) <= t && !facts.standing) {
    facts.standing = { status: 'CLOSED', since: facts.closedAt };
  }
  return { facts, cause, audit };
}

/**
 * Brings one reseller's announced eligibility in line with what its facts imply now. Every
 * time-driven change is committed at its own instant, in order: a reseller whose trigger runs
 * after two instants passed (a grace deadline and the extension end, say) gets two feed entries,
 * each dated at its instant. The trigger's payload is never trusted: the instants come from the
 * stored facts. Idempotent: a duplicate or late call commits nothing twice.
 */
export async function enforceEligibility(
  deps: EnforcementDeps,
  brn: string,
  actor: string,
): Promise<EnforcementResult> {
  const instants: string[] = [];
  let last: Reseller | undefined;
  let overdue = false;
  for (let step = 0, conflicts = 0; step < MAX_INSTANTS_PER_CALL; ) {
    const before = await deps.resellers.get(brn);
    if (!before) return { brn, changed: false };
    last = before;
    const now = deps.clock.now();
    const versions = await deps.policies.versions();
    // The oldest instant still due, else "now" (a reseller enforced without a due instant).
    const due =
      before.dueAt && Date.parse(before.dueAt) <= now.getTime() ? new Date(before.dueAt) : undefined;
    const instant = due ?? now;
    const policy = policyAt(versions, instant).parameters;
    const { facts, cause, audit } = factsAt(before, instant);
    const { reseller, change } = announce(before, facts, policy, now, {
      cause,
      ...(due ? { effectiveAt: due } : {}),
    });
    const factsMoved =
      reseller.dueAt !== before.dueAt ||
      !before.sanction !== !reseller.sanction ||
      audit.length > 0 ||
      JSON.stringify(before.standing) !== JSON.stringify(reseller.standing);
    if (!change && !factsMoved) break;
    const at = instant.toISOString();
    const entries: AuditEntry[] = [
      ...(change
        ? [{ entity: `reseller#${brn}`, at, actor, action: 'ELIGIBILITY_CHANGED', detail: { ...change } }]
        : []),
      ...audit.map((action) => ({
        entity: `reseller#${brn}`,
        at,
        actor,
        action,
        ...(action === 'INSPECTION_OVERDUE'
          ? { detail: { due: before.certificate?.nextInspectionDue } }
          : {}),
        ...(action === 'SANCTION_ENDED' ? { detail: { sanctionId: before.sanction?.sanctionId } } : {}),
        ...(action === 'CERTIFICATE_RENEWED'
          ? {
              detail: {
                certificateId: facts.certificate?.certificateId,
                previousCertificateId: before.certificate?.certificateId ?? null,
                validFrom: facts.certificate?.validFrom,
                validUntil: facts.certificate?.validUntil,
                revision: facts.certificate?.revision ?? 1,
              },
            }
          : {}),
      })),
    ];
    const commit: RegistryCommit = {
      reseller: { before, after: reseller },
      ...(change ? { change } : {}),
      audit: entries,
    };
    try {
      await deps.registry.commit(commit);
    } catch (error) {
      // Another writer (the grace workflow, the sweep, a decision) moved the reseller: re-read.
      if (!(error instanceof ConcurrentUpdateError) || ++conflicts > 5) throw error;
      continue;
    }
    step++;
    last = reseller;
    if (audit.includes('INSPECTION_OVERDUE')) overdue = true;
    if (change) instants.push(change.effectiveAt);
    // The reseller hears of every change time made to it (recorded; in AWS also published).
    const message = change
      ? {
          kind: 'ELIGIBILITY_CHANGED' as const,
          subject: `Eligibility now ${change.status}`,
          detail: { ...change },
        }
      : audit.includes('CERTIFICATE_RENEWED')
        ? {
            kind: 'CERTIFICATE_RENEWED' as const,
            subject: `Certificate ${facts.certificate?.certificateId} now in force`,
            detail: {
              certificateId: facts.certificate?.certificateId,
              previousCertificateId: before.certificate?.certificateId ?? null,
              validUntil: facts.certificate?.validUntil,
            },
          }
        : audit.includes('REAPPLICATION_BAR_ENDED')
          ? {
              kind: 'REAPPLICATION_BAR_ENDED' as const,
              subject: 'The re-application bar has ended',
              detail: { reapplyAfter: before.reapplyAfter },
            }
          : undefined;
    if (message) {
      await deps.notifier
        .send({ notificationId: `time-${brn}-${at}-${message.kind}`, brn, at, ...message })
        .catch(() => undefined);
    }
    if (!due) break;
  }
  return {
    brn,
    changed: instants.length > 0,
    ...(last ? { status: last.status } : {}),
    ...(overdue ? { inspectionOverdue: true } : {}),
    ...(instants.length > 0 ? { instants } : {}),
  };
}

/**
 * The daily sweep: every reseller whose due instant has passed is enforced; the index is sparse,
 * so the sweep reads only those. Returns what it did, for the log and the metrics.
 */
export async function sweepDue(deps: EnforcementDeps, actor = 'system:sweep'): Promise<EnforcementResult[]> {
  const until = deps.clock.now().toISOString();
  const results: EnforcementResult[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.resellers.listDue(until, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const r of page.items) results.push(await enforceEligibility(deps, r.brn, actor));
    cursor = page.nextCursor;
  } while (cursor);
  return results;
}

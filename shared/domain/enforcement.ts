import { announce } from './announce.js';
import type { Reseller } from './eligibility.js';
import { ConcurrentUpdateError } from './errors.js';
import { policyAt } from './policy.js';
import type { Deps } from './ports.js';

export interface EnforcementResult {
  brn: string;
  changed: boolean;
  status?: Reseller['status'];
  inspectionOverdue?: boolean;
}

/**
 * Brings one reseller's announced eligibility in line with what its facts imply now (a deadline
 * passed, a certificate or sanction ended). Idempotent: run twice, it changes things once. Used by
 * the grace-period workflow at each deadline and by the daily sweep as the backstop.
 */
export async function enforceEligibility(deps: Deps, brn: string, actor: string): Promise<EnforcementResult> {
  for (let attempt = 0; ; attempt++) {
    const before = await deps.resellers.get(brn);
    if (!before) return { brn, changed: false };
    const now = deps.clock.now();
    const at = now.toISOString();
    const policy = policyAt(await deps.policies.versions(), now).parameters;
    const facts: Reseller = { ...before };
    const overdue =
      !!before.certificate &&
      !before.inspectionOverdueSince &&
      Date.parse(before.certificate.nextInspectionDue) <= now.getTime() &&
      Date.parse(before.certificate.validUntil) > now.getTime();
    if (overdue) facts.inspectionOverdueSince = at;
    // A sanction that has run out is history, not an open sanction.
    if (facts.sanction?.until && Date.parse(facts.sanction.until) <= now.getTime()) {
      delete facts.sanction;
      if (facts.standing?.status === 'SUSPENDED') delete facts.standing;
    }
    const { reseller, change } = announce(before, facts, policy, now);
    if (!change && !overdue && reseller.dueAt === before.dueAt && !before.sanction === !reseller.sanction) {
      return { brn, changed: false, status: before.status };
    }
    try {
      await deps.registry.commit({
        reseller: { before, after: reseller },
        ...(change ? { change } : {}),
        audit: [
          ...(change
            ? [{ entity: `reseller#${brn}`, at, actor, action: 'ELIGIBILITY_CHANGED', detail: { ...change } }]
            : []),
          ...(overdue
            ? [
                {
                  entity: `reseller#${brn}`,
                  at,
                  actor,
                  action: 'INSPECTION_OVERDUE',
                  detail: { due: before.certificate?.nextInspectionDue },
                },
              ]
            : []),
        ],
      });
      return {
        brn,
        changed: !!change,
        status: reseller.status,
        ...(overdue ? { inspectionOverdue: true } : {}),
      };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= 2) throw error;
    }
  }
}

/**
 * The daily sweep: every reseller whose due instant has passed is enforced; the index is sparse,
 * so the sweep reads only those. Returns what it did, for the log and the metrics.
 */
export async function sweepDue(deps: Deps, actor = 'system:sweep'): Promise<EnforcementResult[]> {
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

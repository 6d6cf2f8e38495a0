import type { Deps } from '../ports.js';
import { enforceEligibility } from '../resellers/time-enforcement.js';

/**
 * One trigger per reseller, set for its next time-driven instant (`Reseller.dueAt`): an
 * EventBridge Scheduler one-time schedule in AWS, named after the brn so a re-plan is an update;
 * the local scheduler on the business clock locally. The trigger carries only the brn: the
 * enforcement recomputes everything from the stored facts.
 */
export interface InstantTriggers {
  /** Sets (creates or moves) the reseller's trigger to `at`, or removes it when there is none. */
  plan(brn: string, at: string | undefined): Promise<void>;
}

/** A reseller whose `dueAt` changed in a committed write (read from the table's stream). */
export interface DueChange {
  brn: string;
  dueAt: string | undefined;
}

type PlanDeps = Pick<Deps, 'resellers' | 'policies' | 'registry' | 'clock' | 'notifier'> & {
  triggers: InstantTriggers;
};

export interface PlanResult {
  planned: number;
  removed: number;
  /** Instants already passed when planned (stream lag, a clock moved): enforced at once. */
  enforcedNow: number;
}

/**
 * Plans the triggers of resellers whose next instant moved. The last change per brn wins (stream
 * records arrive in order per item). An instant already passed is enforced here and now, so a
 * trigger is never set in the past; the enforcement's own write moves `dueAt` and plans the next.
 */
export async function planInstantTriggers(
  deps: PlanDeps,
  changes: readonly DueChange[],
  actor = 'system:trigger',
): Promise<PlanResult> {
  const latest = new Map<string, string | undefined>();
  for (const c of changes) latest.set(c.brn, c.dueAt);
  const result: PlanResult = { planned: 0, removed: 0, enforcedNow: 0 };
  const now = deps.clock.now().getTime();
  // Earliest instants first, so catch-up commits follow instant order across resellers too.
  const ordered = [...latest].sort(
    ([, a], [, b]) => (a ? Date.parse(a) : Infinity) - (b ? Date.parse(b) : Infinity),
  );
  for (const [brn, dueAt] of ordered) {
    if (dueAt === undefined) {
      await deps.triggers.plan(brn, undefined);
      result.removed++;
    } else if (Date.parse(dueAt) <= now) {
      await enforceEligibility(deps, brn, actor);
      result.enforcedNow++;
    } else {
      await deps.triggers.plan(brn, dueAt);
      result.planned++;
    }
  }
  return result;
}

/** The trigger fired: commit every change due for this reseller, each at its instant. */
export function fireInstantTrigger(
  deps: Pick<Deps, 'resellers' | 'policies' | 'registry' | 'clock' | 'notifier'>,
  brn: string,
) {
  return enforceEligibility(deps, brn, 'system:trigger');
}

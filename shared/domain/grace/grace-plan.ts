import { addDays, policyAt } from '../policy/policy.js';
import type { Deps } from '../ports.js';
import { enforceEligibility } from '../resellers/time-enforcement.js';

/**
 * The grace period of one existing reseller as a plan of timed steps computed from policy
 * (reminders before the deadline, the deadline, the end of the extension). The workflow asks for
 * the next step after the one it last ran, waits until its instant, and runs it.
 */
export type GraceAction = 'REMIND' | 'DEADLINE' | 'EXTENSION_END';

export type GraceStep = { action: GraceAction; at: string; daysBefore?: number } | { action: 'DONE' };

export async function planGraceStep(
  deps: Pick<Deps, 'clock' | 'policies' | 'resellers'>,
  brn: string,
  after: string | null,
): Promise<GraceStep> {
  const reseller = await deps.resellers.get(brn);
  // Certified, revoked, or not an existing reseller: the grace period has nothing left to do.
  if (!reseller?.existing || reseller.certificate || reseller.revokedAt) return { action: 'DONE' };
  const now = deps.clock.now();
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const deadline = new Date(policy.existingDeadline);
  const steps: { action: GraceAction; at: string; daysBefore?: number }[] = [
    ...policy.graceReminderDaysBefore.map((days) => ({
      action: 'REMIND' as const,
      at: addDays(deadline, -days).toISOString(),
      daysBefore: days,
    })),
    { action: 'DEADLINE', at: deadline.toISOString() },
    { action: 'EXTENSION_END', at: new Date(policy.extensionEnd).toISOString() },
  ];
  steps.sort((a, b) => a.at.localeCompare(b.at));
  // Steps already behind the clock when the workflow started are skipped: the import (or the
  // sweep) has applied their effect already, and a reminder for a past date helps nobody.
  const floor = after ?? now.toISOString();
  return steps.find((s) => s.at > floor) ?? { action: 'DONE' };
}

/** Runs one grace step when its instant has come. */
export async function runGraceStep(
  deps: Pick<Deps, 'clock' | 'notifier' | 'policies' | 'registry' | 'resellers'>,
  brn: string,
  step: { action: GraceAction; at: string; daysBefore?: number },
): Promise<{ done: boolean }> {
  const reseller = await deps.resellers.get(brn);
  if (!reseller?.existing || reseller.certificate || reseller.revokedAt) return { done: true };
  if (step.action === 'REMIND') {
    const now = deps.clock.now();
    const policy = policyAt(await deps.policies.versions(), now).parameters;
    // Late (the workflow was delayed past the deadline): a reminder would only mislead.
    if (now.getTime() >= Date.parse(policy.existingDeadline)) return { done: false };
    await deps.notifier.send({
      notificationId: `grace-${brn}-${step.at}`,
      brn,
      kind: 'GRACE_REMINDER',
      at: now.toISOString(),
      subject: `Certification deadline in ${step.daysBefore} day(s)`,
      detail: {
        deadline: policy.existingDeadline,
        daysBefore: step.daysBefore,
        applied: !!reseller.pendingApplicationId,
      },
    });
    return { done: false };
  }
  await enforceEligibility(deps, brn, `system:grace-${step.action.toLowerCase()}`);
  return { done: false };
}

import { policyAt } from '../policy/policy.js';
import type { Deps } from '../ports.js';
import type { Reseller } from '../resellers/eligibility.js';
import { enforceEligibility } from '../resellers/time-enforcement.js';
import { addDaysMs } from '../time/kst-dates.js';

/**
 * The renewal timeline of one certificate: reminders the policy's days before `validUntil`, then
 * the end itself (a certificate not renewed by then expires, announced at that instant). A renewal
 * or a revocation replaces the certificate, and its timeline ends at its next step.
 */
export type RenewalStep =
  | { action: 'REMIND'; at: string; daysBefore: number }
  | { action: 'EXPIRE'; at: string }
  | { action: 'DONE' };

/**
 * The certificate a timeline follows: the one in force, or a renewal approved ahead that has not
 * taken over yet (its timeline starts at approval). A replaced certificate has no timeline left.
 */
function timelineCertificate(reseller: Reseller | undefined, certificateId: string) {
  return [reseller?.certificate, reseller?.nextCertificate].find((c) => c?.certificateId === certificateId);
}

export async function planRenewalStep(
  deps: Pick<Deps, 'resellers' | 'policies' | 'clock'>,
  input: { brn: string; certificateId: string; after: string | null },
): Promise<RenewalStep> {
  const reseller = await deps.resellers.get(input.brn);
  const cert = timelineCertificate(reseller, input.certificateId);
  if (!cert || reseller?.revokedAt) return { action: 'DONE' };
  const now = deps.clock.now();
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const end = new Date(cert.validUntil);
  const steps: Exclude<RenewalStep, { action: 'DONE' }>[] = [
    ...policy.renewalReminderDaysBefore.map((daysBefore) => ({
      action: 'REMIND' as const,
      at: addDaysMs(end, -daysBefore).toISOString(),
      daysBefore,
    })),
    { action: 'EXPIRE', at: end.toISOString() },
  ];
  steps.sort((a, b) => a.at.localeCompare(b.at));
  // Reminders already behind the clock when the timeline starts are skipped; the end never is.
  const floor = input.after ?? now.toISOString();
  return steps.find((s) => s.at > floor || (s.action === 'EXPIRE' && !input.after)) ?? { action: 'DONE' };
}

export async function runRenewalStep(
  deps: Pick<Deps, 'resellers' | 'policies' | 'clock' | 'notifier' | 'registry'>,
  input: { brn: string; certificateId: string; step: Exclude<RenewalStep, { action: 'DONE' }> },
): Promise<{ done: boolean }> {
  const reseller = await deps.resellers.get(input.brn);
  const cert = timelineCertificate(reseller, input.certificateId);
  if (!reseller || !cert) return { done: true };
  if (input.step.action === 'REMIND') {
    // A certificate already renewed ahead needs no reminder to apply.
    if (reseller.nextCertificate && cert === reseller.certificate) return { done: false };
    await deps.notifier.send({
      notificationId: `renewal-${input.certificateId}-${input.step.daysBefore}`,
      brn: input.brn,
      kind: 'RENEWAL_REMINDER',
      at: deps.clock.now().toISOString(),
      subject: `Certificate ${input.certificateId} ends in ${input.step.daysBefore} day(s): apply for renewal`,
      detail: {
        certificateId: input.certificateId,
        validUntil: cert.validUntil,
        daysBefore: input.step.daysBefore,
        renewalPending: !!reseller.pendingApplicationId,
      },
    });
    return { done: false };
  }
  // The certificate ends now: announced at this instant (the daily sweep never announces it twice).
  await enforceEligibility(deps as Deps, input.brn, 'system:certificate-expiry');
  return { done: true };
}

/** Starts a certificate's renewal timeline; if that fails now, the daily sweep still expires it. */
export async function startRenewalReminders(
  deps: Pick<Deps, 'renewalWorkflows'>,
  brn: string,
  certificateId: string,
): Promise<boolean> {
  try {
    await deps.renewalWorkflows.start({ brn, certificateId });
    return true;
  } catch {
    return false;
  }
}

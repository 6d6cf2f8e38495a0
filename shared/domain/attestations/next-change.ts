import type { EligibilityPolicy, Reseller } from '../resellers/eligibility.js';

/**
 * The next instant after `now` at which this reseller's derived eligibility can change by time
 * alone: the grace deadline and extension end (an existing reseller without a certificate), the
 * certificate's end, a sanction's start and end, a closure taking effect, the end of a re-application
 * bar. An attestation
 * never outlives it. Undefined when nothing time-driven lies ahead.
 */
export function nextEligibilityChange(
  r: Reseller | undefined,
  policy: Pick<EligibilityPolicy, 'existingDeadline' | 'extensionEnd'>,
  now: Date,
): Date | undefined {
  if (!r) return undefined;
  const candidates: (string | null | undefined)[] = [r.reapplyAfter];
  if (!r.revokedAt) {
    if (r.existing && !r.certificate) candidates.push(policy.existingDeadline, policy.extensionEnd);
    candidates.push(r.certificate?.validUntil, r.sanction?.from, r.sanction?.until, r.closedAt);
  }
  const at = now.getTime();
  const future = candidates
    .filter((c): c is string => typeof c === 'string')
    .map((c) => Date.parse(c))
    .filter((t) => Number.isFinite(t) && t > at);
  return future.length > 0 ? new Date(Math.min(...future)) : undefined;
}

import { NotFoundError } from '../core/errors.js';
import { mayReadReseller, type Principal } from '../core/principal.js';
import { policyAt } from '../policy/policy.js';
import type { Deps } from '../ports.js';
import { decideEligibility, nextDueAt } from '../resellers/eligibility.js';

export const ATTESTATION_TYP = 'eligibility+jwt';

/**
 * A signed eligibility decision a relay can carry and verify offline with the JWKS. It expires
 * at the policy's attestation lifetime or the reseller's next time-driven change, whichever is
 * first, so it never vouches for a state the clock has already ended. An unknown brn gets a
 * signed UNCERTIFIED attestation, as the eligibility answer does.
 */
export async function attestationOf(
  deps: Pick<Deps, 'resellers' | 'policies' | 'clock' | 'attestations'>,
  principal: Principal,
  brn: string,
): Promise<{ attestation: string; expiresAt: string }> {
  if (!mayReadReseller(principal, brn)) throw new NotFoundError(`no reseller ${brn}`);
  const now = deps.clock.now();
  const [reseller, versions] = await Promise.all([deps.resellers.get(brn), deps.policies.versions()]);
  const policy = policyAt(versions, now).parameters;
  const decision = decideEligibility(brn, reseller, policy, now);
  const iat = Math.floor(now.getTime() / 1000);
  // The reseller's next time-driven instant is the one the instant triggers announce (one rule).
  const change = reseller ? nextDueAt(reseller, policy, now) : undefined;
  const exp = Math.min(
    iat + policy.attestationLifetimeSeconds,
    change ? Math.floor(Date.parse(change) / 1000) : Number.POSITIVE_INFINITY,
  );
  const attestation = await deps.attestations.sign(
    {
      iss: deps.attestations.issuer,
      sub: brn,
      status: decision.status,
      allowed: decision.allowed,
      throttle: decision.throttle,
      certificateId: decision.certificateId,
      version: decision.version,
      iat,
      exp,
    },
    ATTESTATION_TYP,
    now,
  );
  return { attestation, expiresAt: new Date(exp * 1000).toISOString() };
}

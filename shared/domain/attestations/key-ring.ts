/**
 * Attestation signing keys over time. A key signs from `activatedAt` until `retiredAt`; the JWKS
 * publishes every key that is not yet active (so relays learn it before it signs), the signing
 * one, and each retired key until the longest attestation it could have signed has expired.
 *
 * Rotation therefore never breaks an unexpired attestation: add the next key with `activatedAt`
 * at least JWKS_MAX_AGE_SECONDS after it is deployed (verifiers holding a cached JWKS learn it
 * first), retire the current key at that same instant, and drop the old key from the ring any
 * time after `retiredAt` + MAX_ATTESTATION_LIFETIME_SECONDS (it has left the JWKS by then).
 */
export interface RingKey {
  kid: string;
  activatedAt: string;
  retiredAt?: string;
}

/** The longest lifetime an attestation can have: the upper bound of the policy's attestation lifetime. */
export const MAX_ATTESTATION_LIFETIME_SECONDS = 3600;

/** How long a verifier may reuse a fetched JWKS (its Cache-Control max-age). */
export const JWKS_MAX_AGE_SECONDS = 300;

export function signingKey<K extends RingKey>(ring: readonly K[], now: Date): K {
  const at = now.getTime();
  const active = ring
    .filter((k) => Date.parse(k.activatedAt) <= at && (!k.retiredAt || at < Date.parse(k.retiredAt)))
    .sort((a, b) => Date.parse(b.activatedAt) - Date.parse(a.activatedAt));
  if (!active[0]) throw new Error('no attestation signing key is active now');
  return active[0];
}

export function publishedKeys<K extends RingKey>(ring: readonly K[], now: Date): K[] {
  const at = now.getTime();
  return ring.filter(
    (k) => !k.retiredAt || at < Date.parse(k.retiredAt) + MAX_ATTESTATION_LIFETIME_SECONDS * 1000,
  );
}

/**
 * The problems of a configured ring (none: it is sound): ids unique, instants valid, ordered by
 * activation, each key retired exactly when the next one activates (never two signers, never
 * none), and the newest key not retired.
 */
export function keyRingProblems(ring: readonly RingKey[]): string[] {
  if (ring.length === 0) return ['the attestation key ring is empty: nothing could sign'];
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const k of ring) {
    if (ids.has(k.kid)) problems.push(`attestation key ${k.kid} is listed twice`);
    ids.add(k.kid);
    for (const [field, value] of [
      ['activatedAt', k.activatedAt],
      ['retiredAt', k.retiredAt],
    ] as const) {
      if (value !== undefined && Number.isNaN(Date.parse(value)))
        problems.push(`attestation key ${k.kid}: ${field} "${value}" is not an instant`);
    }
  }
  if (problems.length > 0) return problems;
  ring.forEach((k, i) => {
    const next = ring[i + 1];
    if (!next) {
      if (k.retiredAt) problems.push(`attestation key ${k.kid} is the newest and must not be retired`);
      return;
    }
    if (Date.parse(next.activatedAt) <= Date.parse(k.activatedAt))
      problems.push(`attestation key ${next.kid} must activate after ${k.kid} (list keys oldest first)`);
    if (!k.retiredAt || Date.parse(k.retiredAt) !== Date.parse(next.activatedAt))
      problems.push(`attestation key ${k.kid} must retire when ${next.kid} activates (${next.activatedAt})`);
  });
  return problems;
}

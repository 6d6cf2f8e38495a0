/**
 * Attestation signing keys over time. A key signs from `activatedAt` until `retiredAt`; the JWKS
 * publishes every key that is not yet active (so relays learn it before it signs), the signing
 * one, and each retired key until the longest attestation it could have signed has expired.
 */
export interface RingKey {
  kid: string;
  activatedAt: string;
  retiredAt?: string;
}

/** The longest lifetime an attestation can have (the policy's upper bound), in seconds. */
export const MAX_ATTESTATION_LIFETIME_SECONDS = 3600;

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

import { describe, expect, it } from 'vitest';
import {
  keyRingProblems,
  MAX_ATTESTATION_LIFETIME_SECONDS,
  publishedKeys,
  signingKey,
} from '../../../../shared/domain/attestations/key-ring.js';
import { policyParametersSchema } from '../../../../shared/schemas/policy.js';

describe('the attestation key ring', () => {
  const ring = [
    { kid: 'old', activatedAt: '2026-01-01T00:00:00.000Z', retiredAt: '2026-02-01T00:00:00.000Z' },
    { kid: 'new', activatedAt: '2026-02-01T00:00:00.000Z' },
    { kid: 'next', activatedAt: '2026-03-01T00:00:00.000Z' },
  ];
  const at = (iso: string) => new Date(iso);

  it('signs with the newest active key', () => {
    expect(signingKey(ring, at('2026-01-15T00:00:00Z')).kid).toBe('old');
    expect(signingKey(ring, at('2026-02-01T00:00:00Z')).kid).toBe('new');
    expect(signingKey(ring, at('2026-03-02T00:00:00Z')).kid).toBe('next');
  });

  it('publishes a retired key as long as an attestation it signed can be valid, and the next key early', () => {
    const lastSigned = Date.parse('2026-02-01T00:00:00Z') - 1;
    const stillValid = new Date(lastSigned + MAX_ATTESTATION_LIFETIME_SECONDS * 1000 - 1000);
    expect(publishedKeys(ring, stillValid).map((k) => k.kid)).toEqual(['old', 'new', 'next']);
    const expired = new Date(Date.parse('2026-02-01T00:00:00Z') + MAX_ATTESTATION_LIFETIME_SECONDS * 1000);
    expect(publishedKeys(ring, expired).map((k) => k.kid)).toEqual(['new', 'next']);
  });

  // A configured ring states every retirement: a key without retiredAt would stay in the JWKS forever.
  const sound = [
    { kid: 'old', activatedAt: '2026-01-01T00:00:00.000Z', retiredAt: '2026-02-01T00:00:00.000Z' },
    { kid: 'new', activatedAt: '2026-02-01T00:00:00.000Z' },
  ];

  it('accepts a ring where each key retires exactly when the next activates and the newest signs on', () => {
    expect(keyRingProblems(sound)).toEqual([]);
    expect(keyRingProblems(ring).join(' ')).toMatch(/new must retire when next activates/);
    expect(keyRingProblems([{ kid: 'only', activatedAt: '1970-01-01T00:00:00.000Z' }])).toEqual([]);
  });

  it('refuses a ring with a gap, an overlap, a retired newest key, disorder, duplicates or bad instants', () => {
    const [old, current] = [sound[0]!, sound[1]!];
    expect(keyRingProblems([])).toEqual([expect.stringMatching(/empty/)]);
    // A gap (nobody signs for a while) and an overlap (two keys sign) are both refused.
    expect(keyRingProblems([{ ...old, retiredAt: '2026-01-20T00:00:00.000Z' }, current])).toEqual([
      expect.stringMatching(/old must retire when new activates/),
    ]);
    expect(keyRingProblems([{ ...old, retiredAt: '2026-03-01T00:00:00.000Z' }, current])).toHaveLength(1);
    expect(keyRingProblems([old, { ...current, retiredAt: '2026-04-01T00:00:00.000Z' }])).toEqual([
      expect.stringMatching(/newest and must not be retired/),
    ]);
    expect(keyRingProblems([current, old]).join(' ')).toMatch(/list keys oldest first/);
    expect(keyRingProblems([old, current, current]).join(' ')).toMatch(/listed twice/);
    expect(keyRingProblems([{ ...old, activatedAt: 'soon' }, current]).join(' ')).toMatch(/not an instant/);
  });

  it('bounds the policy’s attestation lifetime by the longest lifetime the ring keeps retired keys for', () => {
    const lifetime = policyParametersSchema.shape.attestationLifetimeSeconds;
    expect(lifetime.safeParse(MAX_ATTESTATION_LIFETIME_SECONDS).success).toBe(true);
    expect(lifetime.safeParse(MAX_ATTESTATION_LIFETIME_SECONDS + 1).success).toBe(false);
  });
});

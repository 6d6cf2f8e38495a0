import { decodeJwt, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { attestationOf } from '../../../../shared/domain/attestations/attestation.js';
import type { Reseller } from '../../../../shared/domain/resellers/eligibility.js';
import { FakeClock, FakeStore, fakeDeps, principals } from '../../../support/fakes.js';
import { fakeAttestationSigner } from '../../../support/fakes-verifiable.js';
import { resellerFixture } from '../../../support/fixtures.js';

describe('attestationOf', () => {
  it('expires at the next time-driven change when it comes before the policy lifetime', async () => {
    const store = new FakeStore();
    const clock = new FakeClock(new Date('2024-11-30T14:58:00.000Z'));
    store.resellers.set('2208162517', resellerFixture('2208162517'));
    const signer = fakeAttestationSigner();
    const deps = { ...fakeDeps(store, clock), attestations: signer };
    const out = await attestationOf(deps, principals.relay(), '2208162517');
    // Two minutes before the grace deadline: the attestation ends at the deadline, not in 300 s.
    expect(out.expiresAt).toBe('2024-11-30T15:00:00.000Z');
    const { payload, protectedHeader } = await jwtVerify(
      out.attestation,
      await importJWK(signer.jwk, 'ES256'),
      {
        currentDate: clock.now(),
      },
    );
    expect(protectedHeader.typ).toBe('eligibility+jwt');
    expect(payload).toMatchObject({ sub: '2208162517', status: 'GRACE', allowed: true, iss: signer.issuer });
    expect(payload.exp! - payload.iat!).toBe(120);
  });

  /** The attestation's lifetime in seconds for `reseller` at `now` (policy default: 300 s). */
  async function lifetimeAt(reseller: Reseller | undefined, now: string): Promise<number> {
    const store = new FakeStore();
    if (reseller) store.resellers.set(reseller.brn, reseller);
    const deps = { ...fakeDeps(store, new FakeClock(new Date(now))), attestations: fakeAttestationSigner() };
    const out = await attestationOf(deps, principals.relay(), '2208162517');
    const claims = decodeJwt(out.attestation);
    expect(out.expiresAt).toBe(new Date(claims.exp! * 1000).toISOString());
    return claims.exp! - claims.iat!;
  }

  const certified = resellerFixture('2208162517', {
    existing: false,
    status: 'CERTIFIED',
    certificate: {
      certificateId: 'C-1',
      applicationId: 'a',
      issuedAt: '2026-01-01T00:00:00.000Z',
      validUntil: '2026-03-01T00:01:00.000Z',
      nextInspectionDue: '2026-06-01T00:00:00.000Z',
    },
  });

  it('ends at a certificate’s end, a sanction’s start and end, or a closure when they come first', async () => {
    expect(await lifetimeAt(certified, '2026-03-01T00:00:00.000Z')).toBe(60);
    const throttled = {
      ...certified,
      certificate: { ...certified.certificate!, validUntil: '2028-01-01T00:00:00.000Z' },
      sanction: {
        sanctionId: 's',
        type: 'THROTTLE' as const,
        from: '2026-03-01T00:00:30.000Z',
        until: '2026-04-01T00:00:10.000Z',
        reason: 'spam',
      },
    };
    expect(await lifetimeAt(throttled, '2026-03-01T00:00:00.000Z')).toBe(30);
    expect(await lifetimeAt(throttled, '2026-04-01T00:00:00.000Z')).toBe(10);
    expect(
      await lifetimeAt({ ...throttled, closedAt: '2026-05-01T00:00:45.000Z' }, '2026-05-01T00:00:00Z'),
    ).toBe(45);
    // Nothing time-driven within the policy lifetime: the policy lifetime.
    expect(await lifetimeAt(throttled, '2026-05-01T00:00:00.000Z')).toBe(300);
  });

  it('ends at the end of a revoked reseller’s re-application bar; an unknown brn gets the policy lifetime', async () => {
    const revoked = resellerFixture('2208162517', {
      status: 'REVOKED',
      revokedAt: '2026-01-01T00:00:00.000Z',
      reapplyAfter: '2027-01-01T00:00:20.000Z',
    });
    expect(await lifetimeAt(revoked, '2027-01-01T00:00:00.000Z')).toBe(20);
    expect(await lifetimeAt(undefined, '2027-01-01T00:00:00.000Z')).toBe(300);
  });

  it('hides another reseller’s attestation from a reseller', async () => {
    await expect(attestationOf(fakeDeps(), principals.reseller('1248100998'), '2208162517')).rejects.toThrow(
      /no reseller/,
    );
  });
});

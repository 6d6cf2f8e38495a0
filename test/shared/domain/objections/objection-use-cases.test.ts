import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../../shared/domain/core/errors.js';
import {
  decideObjection,
  fileObjection,
  stayObjection,
} from '../../../../shared/domain/objections/objection-use-cases.js';
import { defaultPolicyVersions, policyAt } from '../../../../shared/domain/policy/policy.js';
import { decideEligibility } from '../../../../shared/domain/resellers/eligibility.js';
import { countCaseSanctionsSince, imposeSanction } from '../../../../shared/domain/sanctions/sanctions.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { certifiedReseller, seedRelays } from '../../../support/fakes-sanctions.js';

const BRN = '2208162517';
const owner = principals.reseller(BRN);
const policy = policyAt(defaultPolicyVersions, new Date('2026-05-01T00:00:00Z')).parameters;

/** A certified reseller suspended at 2026-05-10 10:00 KST until 2026-08-31 KST. */
async function suspended() {
  const deps = fakeDeps();
  deps.clock.set('2026-05-10T01:00:00Z');
  seedRelays(deps.store);
  certifiedReseller(deps.store, BRN);
  const { sanction } = await imposeSanction(deps, principals.reviewer(), BRN, {
    type: 'SUSPENSION',
    until: '2026-08-31T15:00:00.000Z',
    reason: 'confirmed spam',
  });
  const file = () =>
    fileObjection(deps, owner, {
      subject: { type: 'SANCTION', id: sanction.sanctionId },
      grounds: 'not ours',
    });
  return { deps, sanction, file, reseller: () => deps.store.resellers.get(BRN)! };
}

describe('filing an objection', () => {
  it('is accepted until the end of the 30th KST day after the decision, and refused after', async () => {
    const a = await suspended();
    a.deps.clock.set('2026-06-09T14:59:59Z'); // 23:59:59 KST on 9 June
    expect(await a.file()).toMatchObject({ status: 'FILED', windowEnds: '2026-06-09T15:00:00.000Z' });
    const b = await suspended();
    b.deps.clock.set('2026-06-09T15:00:00Z');
    await expect(b.file()).rejects.toThrow(ConflictError);
  });

  it('rejects a second objection on the same subject', async () => {
    const { file } = await suspended();
    await file();
    await expect(file()).rejects.toThrow(ConflictError);
  });

  it('answers 404 for another reseller’s sanction', async () => {
    const { deps, sanction } = await suspended();
    await expect(
      fileObjection(deps, principals.reseller('1248100998'), {
        subject: { type: 'SANCTION', id: sanction.sanctionId },
        grounds: 'x',
      }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('the committee on an objection', () => {
  it('a granted stay pauses the suspension (reinstated, announced); UPHOLD resumes it', async () => {
    const { deps, file, reseller, sanction } = await suspended();
    const objection = await file();
    await stayObjection(deps, principals.committee(), objection.objectionId, {
      granted: true,
      comment: 'pending',
    });
    expect(reseller().status).toBe('CERTIFIED');
    expect(deps.store.feed.at(-1)).toMatchObject({ noticeType: 'reseller.reinstated', status: 'CERTIFIED' });
    expect(deps.store.sanctions.get(sanction.sanctionId)?.stayedAt).toBeDefined();
    await decideObjection(deps, principals.committee(), objection.objectionId, {
      decision: 'UPHOLD',
      comment: 'upheld',
    });
    expect(reseller()).toMatchObject({ status: 'SUSPENDED', sanction: { sanctionId: sanction.sanctionId } });
    expect(deps.store.feed.at(-1)).toMatchObject({ noticeType: 'reseller.suspended' });
  });

  it('CANCEL ends the sanction at once, keeps it marked cancelled and takes it out of the ladder', async () => {
    const { deps, file, reseller, sanction } = await suspended();
    // A case sanction counts in the ladder until it is cancelled.
    deps.store.sanctions.set(sanction.sanctionId, {
      ...deps.store.sanctions.get(sanction.sanctionId)!,
      caseId: 'case_1',
    });
    expect(await countCaseSanctionsSince(deps, BRN, '2026-01-01T00:00:00.000Z')).toBe(1);
    const objection = await file();
    const after = await decideObjection(deps, principals.committee(), objection.objectionId, {
      decision: 'CANCEL',
      comment: 'attribution was wrong',
    });
    expect(after.status).toBe('CANCELLED');
    expect(reseller().status).toBe('CERTIFIED');
    expect(deps.store.feed.at(-1)).toMatchObject({ noticeType: 'reseller.reinstated' });
    expect(deps.store.sanctions.get(sanction.sanctionId)).toMatchObject({
      cancelledAt: '2026-05-10T01:00:00.000Z',
    });
    expect(await countCaseSanctionsSince(deps, BRN, '2026-01-01T00:00:00.000Z')).toBe(0);
    await expect(
      decideObjection(deps, principals.committee(), objection.objectionId, {
        decision: 'UPHOLD',
        comment: 'x',
      }),
    ).rejects.toThrow(ConflictError);
  });

  it('MODIFY replaces the suspension with a throttle in one transaction', async () => {
    const { deps, file, reseller, sanction } = await suspended();
    const objection = await file();
    const commits = deps.store.commits;
    const after = await decideObjection(deps, principals.committee(), objection.objectionId, {
      decision: 'MODIFY',
      sanction: { type: 'THROTTLE', until: '2026-06-30T15:00:00.000Z', speedPercent: 30, volumePercent: 30 },
      comment: 'milder',
    });
    expect(deps.store.commits).toBe(commits + 1);
    expect(reseller()).toMatchObject({
      status: 'THROTTLED',
      throttle: { speedPercent: 30, volumePercent: 30 },
    });
    expect(deps.store.sanctions.get(sanction.sanctionId)?.cancelledAt).toBeDefined();
    expect(deps.store.sanctions.get(after.replacementSanctionId!)).toMatchObject({ type: 'THROTTLE' });
  });

  it('MODIFY without a replacement names body.sanction', async () => {
    const { deps, file } = await suspended();
    const objection = await file();
    const err = await decideObjection(deps, principals.committee(), objection.objectionId, {
      decision: 'MODIFY',
      comment: 'x',
    }).catch((e) => e);
    expect(err.errors[0].path).toBe('body.sanction');
  });
});

/** A certified reseller revoked by the committee at 2026-05-10 10:00 KST. */
async function revoked() {
  const deps = fakeDeps();
  deps.clock.set('2026-05-10T01:00:00Z');
  seedRelays(deps.store);
  const certified = certifiedReseller(deps.store, BRN);
  const { sanction } = await imposeSanction(deps, principals.committee(), BRN, {
    type: 'REVOCATION',
    reason: 'ghost registration',
  });
  // The revocation counts in the ladder as a case sanction would, until it is cancelled.
  deps.store.sanctions.set(sanction.sanctionId, {
    ...deps.store.sanctions.get(sanction.sanctionId)!,
    caseId: 'case_9',
  });
  const objection = await fileObjection(deps, owner, {
    subject: { type: 'SANCTION', id: sanction.sanctionId },
    grounds: 'the registration is ours',
  });
  const eligibility = () => decideEligibility(BRN, deps.store.resellers.get(BRN), policy, deps.clock.now());
  return {
    deps,
    sanction,
    objection,
    certificate: certified.certificate!,
    eligibility,
    reseller: () => deps.store.resellers.get(BRN)!,
  };
}

describe('an objection against a revocation', () => {
  it('a granted stay pauses it: the certificate is back, announced reinstated; UPHOLD resumes it as decided', async () => {
    const { deps, objection, sanction, certificate, reseller, eligibility } = await revoked();
    const revokedState = reseller();
    expect(revokedState).toMatchObject({ status: 'REVOKED', revokedAt: '2026-05-10T01:00:00.000Z' });
    expect(revokedState.certificate).toBeUndefined();
    deps.clock.set('2026-05-12T01:00:00Z');
    await stayObjection(deps, principals.committee(), objection.objectionId, {
      granted: true,
      comment: 'pending',
    });
    expect(reseller()).toMatchObject({ status: 'CERTIFIED', certificate });
    expect(reseller().revokedAt).toBeUndefined();
    expect(reseller().reapplyAfter).toBeUndefined();
    expect(eligibility()).toMatchObject({
      allowed: true,
      certificateId: certificate.certificateId,
      sanction: null,
    });
    expect(deps.store.feed.at(-1)).toMatchObject({
      status: 'CERTIFIED',
      noticeType: 'reseller.reinstated',
      sanctionId: sanction.sanctionId,
      effectiveAt: '2026-05-12T01:00:00.000Z',
    });
    expect(deps.store.sanctions.get(sanction.sanctionId)?.stayedAt).toBe('2026-05-12T01:00:00.000Z');

    deps.clock.set('2026-05-20T01:00:00Z');
    await decideObjection(deps, principals.committee(), objection.objectionId, {
      decision: 'UPHOLD',
      comment: 'upheld',
    });
    expect(reseller()).toMatchObject({
      status: 'REVOKED',
      revokedAt: revokedState.revokedAt,
      reapplyAfter: revokedState.reapplyAfter,
      sanction: { sanctionId: sanction.sanctionId },
      standing: { status: 'REVOKED' },
    });
    expect(reseller().certificate).toBeUndefined();
    expect(reseller().stayedRevocation).toBeUndefined();
    expect(deps.store.feed.at(-1)).toMatchObject({ status: 'REVOKED', noticeType: 'reseller.revoked' });
    expect(deps.store.sanctions.get(sanction.sanctionId)?.stayedAt).toBeUndefined();
  });

  it('CANCEL ends it at once: kept marked cancelled, out of the ladder, the bar lifted, announced reinstated', async () => {
    const { deps, objection, sanction, certificate, reseller, eligibility } = await revoked();
    expect(await countCaseSanctionsSince(deps, BRN, '2026-01-01T00:00:00.000Z')).toBe(1);
    expect(eligibility().reapplyAfter).toBeDefined();
    deps.clock.set('2026-05-15T01:00:00Z');
    await decideObjection(deps, principals.committee(), objection.objectionId, {
      decision: 'CANCEL',
      comment: 'the registration was genuine',
    });
    expect(reseller()).toMatchObject({ status: 'CERTIFIED', certificate });
    for (const gone of [
      'revokedAt',
      'reapplyAfter',
      'revocationReason',
      'standing',
      'revokedCertificates',
    ] as const)
      expect(reseller()[gone]).toBeUndefined();
    expect(eligibility()).toMatchObject({ status: 'CERTIFIED', allowed: true });
    expect(eligibility()).not.toHaveProperty('reapplyAfter');
    expect(deps.store.sanctions.get(sanction.sanctionId)).toMatchObject({
      type: 'REVOCATION',
      cancelledAt: '2026-05-15T01:00:00.000Z',
      cancelledBy: 'committee:sub-committee',
    });
    expect(await countCaseSanctionsSince(deps, BRN, '2026-01-01T00:00:00.000Z')).toBe(0);
    expect(deps.store.feed.at(-1)).toMatchObject({ status: 'CERTIFIED', noticeType: 'reseller.reinstated' });
    expect(deps.store.audit.filter((a) => a.action === 'SANCTION_CANCELLED')).toEqual([
      expect.objectContaining({
        actor: 'committee:sub-committee',
        detail: expect.objectContaining({ objectionId: objection.objectionId }),
      }),
    ]);
  });

  it('CANCEL after a stay forgets the paused revocation', async () => {
    const { deps, objection, reseller } = await revoked();
    await stayObjection(deps, principals.committee(), objection.objectionId, {
      granted: true,
      comment: 'pending',
    });
    expect(reseller().stayedRevocation).toBeDefined();
    const feed = deps.store.feed.length;
    await decideObjection(deps, principals.committee(), objection.objectionId, {
      decision: 'CANCEL',
      comment: 'genuine',
    });
    expect(reseller().stayedRevocation).toBeUndefined();
    expect(reseller().status).toBe('CERTIFIED');
    // Nothing more to announce: the stay already returned it to what time says.
    expect(deps.store.feed).toHaveLength(feed);
  });
});

import { describe, expect, it } from 'vitest';
import { submitApplication } from '../../shared/domain/applications/application-use-cases.js';
import type { Principal } from '../../shared/domain/core/principal.js';
import {
  decideCertification,
  recordInspection,
  submitReview,
} from '../../shared/domain/review/human-decisions.js';
import { applicationBodySchema } from '../../shared/schemas/applications.js';
import { principals } from '../support/fakes.js';
import { applicationBody } from '../support/fixtures.js';
import { workflowHarness } from '../support/workflow-harness.js';

const brn = '2208162517';
const owner: Principal = principals.reseller(brn);

type Harness = Awaited<ReturnType<typeof workflowHarness>>;

/** Submits and takes an application through review, inspection and the committee; APPROVE is the last call. */
async function approveApplication(h: Harness, kind?: 'RENEWAL', beforeDecision?: () => Promise<void>) {
  const { application } = await submitApplication(
    h.deps,
    owner,
    applicationBodySchema.parse(applicationBody(brn, kind ? { kind } : {})),
  );
  const id = application.applicationId;
  await h.engine.whenIdle();
  await submitReview(h.deps, principals.reviewer(), id, { decision: 'PASS' });
  await h.engine.whenIdle();
  await recordInspection(h.deps, principals.reviewer(), id, {
    result: 'PASS',
    inspectedAt: h.deps.clock.now().toISOString(),
  });
  await h.engine.whenIdle();
  await beforeDecision?.();
  await decideCertification(h.deps, principals.committee(), id, { decision: 'APPROVE' });
  await h.engine.whenIdle();
  return id;
}

async function certified() {
  const h = await workflowHarness('2026-03-02T00:00:00Z');
  await approveApplication(h);
  const reseller = () => h.deps.store.resellers.get(brn)!;
  return { ...h, reseller };
}

describe('renewal.asl.json', () => {
  it('reminds the reseller 90, 30 and 7 days before validUntil (end of the KST day, 24 months on)', async () => {
    const h = await certified();
    expect(h.reseller().certificate?.validUntil).toBe('2028-03-02T15:00:00.000Z');
    await h.advanceTo('2027-12-03T14:59:59Z');
    const renewalReminders = () => h.deps.store.notifications.filter((n) => n.kind === 'RENEWAL_REMINDER');
    expect(renewalReminders()).toEqual([]);
    await h.advanceTo('2027-12-03T15:00:00Z');
    expect(renewalReminders().map((n) => n.detail.daysBefore)).toEqual([90]);
    await h.advanceTo('2028-02-24T15:00:00Z');
    expect(renewalReminders().map((n) => n.detail.daysBefore)).toEqual([90, 30, 7]);
  });

  it('a renewal approved one second before validUntil takes over at validUntil, with no gap', async () => {
    const h = await certified();
    const old = h.reseller().certificate!;
    await h.advanceTo('2028-02-20T00:00:00Z');
    await approveApplication(h, 'RENEWAL', async () => {
      h.clock.set('2028-03-02T14:59:59Z');
    });
    // Approved, but not yet in force: the certificate in force is still the old one.
    expect(h.reseller().certificate?.certificateId).toBe(old.certificateId);
    const renewed = h.reseller().nextCertificate!;
    expect(renewed).toMatchObject({
      validFrom: old.validUntil,
      validUntil: '2030-03-02T15:00:00.000Z',
      previousCertificateId: old.certificateId,
      revision: 1,
    });
    expect(renewed.certificateId).not.toBe(old.certificateId);
    await h.advanceTo('2028-03-02T15:00:00Z');
    // Switched at the instant, by time: new id, validity and revision, no feed entry, no gap.
    expect(h.reseller().certificate).toEqual(renewed);
    expect(h.reseller().nextCertificate).toBeUndefined();
    expect(h.reseller().status).toBe('CERTIFIED');
    expect(h.deps.store.feed.map((c) => c.status)).not.toContain('EXPIRED');
    expect(h.deps.store.audit.filter((a) => a.action === 'CERTIFICATE_RENEWED')).toEqual([
      expect.objectContaining({
        at: '2028-03-02T15:00:00.000Z',
        detail: expect.objectContaining({
          certificateId: renewed.certificateId,
          previousCertificateId: old.certificateId,
        }),
      }),
    ]);
    expect(h.deps.store.notifications.map((n) => n.kind)).toContain('CERTIFICATE_RENEWED');
    expect((await h.execution('renewal', `renewal-${old.certificateId}`)).status).toBe('SUCCEEDED');
  });

  it('undecided at validUntil: EXPIRED at that instant (announced), CERTIFIED at an approval one second later', async () => {
    const h = await certified();
    await h.advanceTo('2028-02-20T00:00:00Z');
    await approveApplication(h, 'RENEWAL', async () => {
      await h.advanceTo('2028-03-02T15:00:00Z');
      expect(h.reseller().status).toBe('EXPIRED');
      expect(h.deps.store.feed.at(-1)).toMatchObject({
        status: 'EXPIRED',
        noticeType: 'reseller.expired',
        effectiveAt: '2028-03-02T15:00:00.000Z',
      });
      h.clock.set('2028-03-02T15:00:01Z');
    });
    expect(h.reseller().status).toBe('CERTIFIED');
    expect(h.reseller().certificate).toMatchObject({ issuedAt: '2028-03-02T15:00:01.000Z' });
    expect(h.reseller().certificate?.validFrom).toBeUndefined();
    expect(h.reseller().nextCertificate).toBeUndefined();
    expect(h.deps.store.feed.at(-1)).toMatchObject({ status: 'CERTIFIED', noticeType: 'reseller.certified' });
  });

  it('refuses a renewal from a reseller without a certificate', async () => {
    const h = await workflowHarness('2026-03-02T00:00:00Z');
    await expect(
      submitApplication(
        h.deps,
        owner,
        applicationBodySchema.parse(applicationBody(brn, { kind: 'RENEWAL' })),
      ),
    ).rejects.toThrow(/no certificate to renew/);
  });
});

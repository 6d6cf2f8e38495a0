import { describe, expect, it } from 'vitest';
import {
  applicationView,
  readApplication,
  submitApplication,
} from '../../../../shared/domain/applications/application-use-cases.js';
import {
  ApplicationClosedError,
  ConflictError,
  StepNotAwaitingError,
  ValidationError,
} from '../../../../shared/domain/core/errors.js';
import type { StepDecision } from '../../../../shared/domain/ports.js';
import { resellerProfile } from '../../../../shared/domain/resellers/registry-queries.js';
import {
  decideCertification,
  recordInspection,
  submitReview,
  submitSupplement,
  withdrawApplication,
} from '../../../../shared/domain/review/human-decisions.js';
import { escalate, finalize, openStep, screen } from '../../../../shared/domain/review/workflow-steps.js';
import { applicationBodySchema } from '../../../../shared/schemas/applications.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { applicationBody } from '../../../support/fixtures.js';

const A = '2208162517';

/**
 * Plays the workflow's side by hand, the way the ASL would: open a step with a token, route the
 * decision the API sends to the next step or to finalize.
 */
async function started(over: Record<string, unknown> = {}) {
  const deps = fakeDeps();
  const { application } = await submitApplication(
    deps,
    principals.reseller(A),
    applicationBodySchema.parse(applicationBody(A, over)),
  );
  const id = application.applicationId;
  let tokens = 0;
  const open = async (step: StepDecision['step'], decision: StepDecision | null) => {
    const taskToken = `token-${++tokens}`;
    deps.reviews.openTokens.add(taskToken);
    await openStep(deps, { applicationId: id, step, taskToken, timeoutSeconds: 86_400, decision });
  };
  deps.reviews.onComplete = async (_token, d) => {
    const next: Record<string, StepDecision['step'] | 'FINALIZE'> = {
      'DOCUMENT_REVIEW/PASS': 'INSPECTION',
      'DOCUMENT_REVIEW/REQUEST_SUPPLEMENT': 'SUPPLEMENT_REQUESTED',
      'SUPPLEMENT_REQUESTED/SUPPLEMENTED': 'DOCUMENT_REVIEW',
      'INSPECTION/PASS': 'COMMITTEE_REVIEW',
    };
    const to = next[`${d.step}/${d.outcome}`] ?? 'FINALIZE';
    if (to === 'FINALIZE') await finalize(deps, { applicationId: id, decision: d });
    else await open(to, d);
  };
  return { deps, id, open };
}

describe('the review steps', () => {
  it('takes an application from screening to a certificate and CERTIFIED eligibility', async () => {
    const { deps, id, open } = await started();
    expect(await screen(deps, id)).toEqual({ outcome: 'PASSED' });
    await open('DOCUMENT_REVIEW', null);
    expect(deps.store.applications.get(id)).toMatchObject({
      status: 'DOCUMENT_REVIEW',
      taskToken: 'token-1',
    });
    await submitReview(deps, principals.reviewer(), id, { decision: 'PASS' });
    expect(deps.store.applications.get(id)?.status).toBe('INSPECTION');
    await recordInspection(deps, principals.reviewer(), id, {
      result: 'PASS',
      inspectedAt: '2026-01-14T00:00:00.000Z',
    });
    const decided = await decideCertification(deps, principals.committee(), id, { decision: 'APPROVE' });
    expect(decided).toMatchObject({ status: 'APPROVED', certificateId: 'C-2026-000001' });
    expect(decided.history.map((h) => `${h.step}:${h.decision ?? ''}`)).toEqual([
      'SUBMITTED:',
      'SCREENING:PASSED',
      'DOCUMENT_REVIEW:PASS',
      'INSPECTION:PASS',
      'COMMITTEE_REVIEW:APPROVE',
    ]);
    const reseller = deps.store.resellers.get(A)!;
    expect(reseller).toMatchObject({ status: 'CERTIFIED', version: 1 });
    expect(reseller.pendingApplicationId).toBeUndefined();
    expect(reseller.certificate).toMatchObject({
      certificateId: 'C-2026-000001',
      // Issued 2026-01-15 09:00 KST: both periods end at the end of their last KST day.
      validUntil: '2028-01-15T15:00:00.000Z',
      nextInspectionDue: '2027-01-15T15:00:00.000Z',
    });
    expect(deps.store.feed).toEqual([expect.objectContaining({ brn: A, status: 'CERTIFIED', version: 1 })]);
    expect(deps.store.audit.map((a) => a.action)).toContain('CERTIFICATE_ISSUED');
  });

  it('stores the inspection date on the application and carries it into the certificate', async () => {
    const { deps, id, open } = await started();
    await screen(deps, id);
    await open('DOCUMENT_REVIEW', null);
    await submitReview(deps, principals.reviewer(), id, { decision: 'PASS' });
    const inspected = await recordInspection(deps, principals.reviewer(), id, {
      result: 'PASS',
      inspectedAt: '2026-01-13T05:30:00.000Z',
    });
    expect(inspected.inspectedAt).toBe('2026-01-13T05:30:00.000Z');
    const shown = await readApplication(deps, principals.reseller(A), id);
    expect(applicationView(shown, principals.reseller(A), true)).toMatchObject({
      inspectedAt: '2026-01-13T05:30:00.000Z',
    });
    await decideCertification(deps, principals.committee(), id, { decision: 'APPROVE' });
    expect(deps.store.resellers.get(A)?.certificate).toMatchObject({
      lastInspectedAt: '2026-01-13T05:30:00.000Z',
    });
    const profile = await resellerProfile(deps, principals.reviewer(), A);
    expect(profile.certificate).toMatchObject({ lastInspectedAt: '2026-01-13T05:30:00.000Z' });
  });

  it('keeps the inspection date on an application the inspection failed', async () => {
    const { deps, id, open } = await started();
    await screen(deps, id);
    await open('DOCUMENT_REVIEW', null);
    await submitReview(deps, principals.reviewer(), id, { decision: 'PASS' });
    await recordInspection(deps, principals.reviewer(), id, {
      result: 'FAIL',
      failedItems: ['3.4'],
      inspectedAt: '2026-01-12T01:00:00.000Z',
    });
    expect(deps.store.applications.get(id)).toMatchObject({
      status: 'REJECTED',
      inspectedAt: '2026-01-12T01:00:00.000Z',
    });
  });

  it('certifies a reseller again once its re-application bar has passed, clearing the revocation', async () => {
    const { deps, id, open } = await started();
    Object.assign(deps.store.resellers.get(A)!, {
      status: 'REVOKED',
      revokedAt: '2024-01-01T00:00:00.000Z',
      reapplyAfter: '2025-01-01T00:00:00.000Z',
      standing: { status: 'REVOKED', since: '2024-01-01T00:00:00.000Z' },
    });
    await screen(deps, id);
    await open('DOCUMENT_REVIEW', null);
    await submitReview(deps, principals.reviewer(), id, { decision: 'PASS' });
    await recordInspection(deps, principals.reviewer(), id, {
      result: 'PASS',
      inspectedAt: '2026-01-14T00:00:00.000Z',
    });
    await decideCertification(deps, principals.committee(), id, { decision: 'APPROVE' });
    const r = deps.store.resellers.get(A)!;
    expect(r).toMatchObject({ status: 'CERTIFIED' });
    expect(r.revokedAt).toBeUndefined();
    // Its bad standing ended at the approval; it still counts for ghost screening in the window.
    expect(r.standing).toEqual({
      status: 'REVOKED',
      since: '2024-01-01T00:00:00.000Z',
      until: deps.clock.now().toISOString(),
    });
  });

  it('rejects at screening with the failing items and releases the reseller', async () => {
    const { deps, id } = await started({ paidInCapitalKrw: 1000 });
    expect(await screen(deps, id)).toEqual({ outcome: 'REJECTED' });
    expect(deps.store.applications.get(id)).toMatchObject({ status: 'REJECTED', failedItems: ['1.1'] });
    expect(deps.store.resellers.get(A)?.pendingApplicationId).toBeUndefined();
  });

  it('takes a supplement and goes back to document review with the new evidence', async () => {
    const { deps, id, open } = await started();
    await screen(deps, id);
    await open('DOCUMENT_REVIEW', null);
    await submitReview(deps, principals.reviewer(), id, {
      decision: 'REQUEST_SUPPLEMENT',
      failedItems: ['2.2'],
    });
    expect(deps.store.applications.get(id)).toMatchObject({
      status: 'SUPPLEMENT_REQUESTED',
      failedItems: ['2.2'],
    });
    await submitSupplement(deps, principals.reseller(A), id, {
      checklist: [{ item: '2.2', evidence: 'geo-IP blocking at the edge' }],
    });
    const app = deps.store.applications.get(id)!;
    expect(app.status).toBe('DOCUMENT_REVIEW');
    expect(app.submission.checklist.find((e) => e.item === '2.2')?.evidence).toBe(
      'geo-IP blocking at the edge',
    );
  });

  it('keeps an answered supplement request in its history entry, not on the approved application', async () => {
    const { deps, id, open } = await started();
    await screen(deps, id);
    await open('DOCUMENT_REVIEW', null);
    await submitReview(deps, principals.reviewer(), id, {
      decision: 'REQUEST_SUPPLEMENT',
      failedItems: ['2.2'],
    });
    await submitSupplement(deps, principals.reseller(A), id, {
      checklist: [{ item: '2.2', evidence: 'geo-IP blocking at the edge' }],
    });
    expect(deps.store.applications.get(id)?.failedItems).toEqual([]);
    await submitReview(deps, principals.reviewer(), id, { decision: 'PASS' });
    await recordInspection(deps, principals.reviewer(), id, {
      result: 'PASS',
      inspectedAt: '2026-01-14T00:00:00.000Z',
    });
    const approved = await decideCertification(deps, principals.committee(), id, { decision: 'APPROVE' });
    expect(approved).toMatchObject({ status: 'APPROVED', failedItems: [] });
    expect(approved.history.find((h) => h.decision === 'REQUEST_SUPPLEMENT')).toMatchObject({
      step: 'DOCUMENT_REVIEW',
      failedItems: ['2.2'],
    });
    const shown = applicationView(
      await readApplication(deps, principals.reseller(A), id),
      principals.reseller(A),
      true,
    );
    expect(shown.failedItems).toEqual([]);
  });

  it('rejects a supplement when none was requested', async () => {
    const { deps, id, open } = await started();
    await screen(deps, id);
    await open('DOCUMENT_REVIEW', null);
    await expect(
      submitSupplement(deps, principals.reseller(A), id, { checklist: [{ item: '2.2', evidence: 'x' }] }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('lets exactly one of two racing reviewers decide; the other gets a conflict', async () => {
    const { deps, id, open } = await started();
    await screen(deps, id);
    await open('DOCUMENT_REVIEW', null);
    const results = await Promise.allSettled([
      submitReview(deps, principals.reviewer(), id, { decision: 'PASS' }),
      submitReview(deps, principals.reviewer(), id, { decision: 'REJECT', failedItems: ['2.1'] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: expect.any(StepNotAwaitingError),
    });
    expect(deps.reviews.completed).toHaveLength(1);
  });

  it('refuses an inspection dated in the future', async () => {
    const { deps, id } = await started();
    await expect(
      recordInspection(deps, principals.reviewer(), id, {
        result: 'PASS',
        inspectedAt: '2026-01-16T00:00:00.000Z',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('ends an application whose supplement deadline passed as EXPIRED', async () => {
    const { deps, id, open } = await started();
    await screen(deps, id);
    await open('DOCUMENT_REVIEW', null);
    await submitReview(deps, principals.reviewer(), id, {
      decision: 'REQUEST_SUPPLEMENT',
      failedItems: ['5.2'],
    });
    const timeout: StepDecision = {
      decisionId: 'supplement-deadline-missed',
      step: 'SUPPLEMENT_REQUESTED',
      outcome: 'TIMEOUT',
      failedItems: [],
      actor: 'system',
      at: '2026-01-30T00:00:00.000Z',
    };
    await expect(finalize(deps, { applicationId: id, decision: timeout })).resolves.toEqual({
      status: 'EXPIRED',
    });
    // A retried finalize applies nothing twice.
    await expect(finalize(deps, { applicationId: id, decision: timeout })).resolves.toEqual({
      status: 'EXPIRED',
    });
    expect(deps.store.applications.get(id)?.history.filter((h) => h.decision === 'TIMEOUT')).toHaveLength(1);
    // The request was never answered: its items stay on the expired application.
    expect(deps.store.applications.get(id)?.failedItems).toEqual(['5.2']);
  });

  it('escalates a missed staff deadline without ending the application', async () => {
    const { deps, id, open } = await started();
    await screen(deps, id);
    await open('DOCUMENT_REVIEW', null);
    await expect(escalate(deps, { applicationId: id, step: 'DOCUMENT_REVIEW' })).resolves.toEqual({
      escalations: 1,
    });
    expect(deps.store.applications.get(id)).toMatchObject({ status: 'DOCUMENT_REVIEW', escalations: 1 });
    await open('DOCUMENT_REVIEW', null);
    expect(deps.store.applications.get(id)?.taskToken).toBe('token-2');
  });

  it('withdraws mid-review: records why, stops the execution, and later steps end quietly', async () => {
    const { deps, id, open } = await started();
    await screen(deps, id);
    await open('DOCUMENT_REVIEW', null);
    const app = await withdrawApplication(deps, principals.reseller(A), id, {
      reason: 'merging with another company',
    });
    expect(app).toMatchObject({ status: 'WITHDRAWN', reasons: ['merging with another company'] });
    expect(deps.reviews.stopped).toEqual([{ applicationId: id, cause: 'merging with another company' }]);
    expect(deps.store.resellers.get(A)?.pendingApplicationId).toBeUndefined();
    await expect(open('INSPECTION', null)).rejects.toBeInstanceOf(ApplicationClosedError);
    await expect(withdrawApplication(deps, principals.reseller(A), id, {})).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('hides another reseller’s application from its withdraw call', async () => {
    const { deps, id } = await started();
    await expect(withdrawApplication(deps, principals.reseller('1248100998'), id, {})).rejects.toMatchObject({
      kind: 'not-found',
    });
  });
});

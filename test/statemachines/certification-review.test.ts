import { describe, expect, it } from 'vitest';
import { submitApplication } from '../../shared/domain/applications/application-use-cases.js';
import { TransientError } from '../../shared/domain/core/errors.js';
import {
  decideCertification,
  recordInspection,
  submitReview,
  submitSupplement,
  withdrawApplication,
} from '../../shared/domain/review/human-decisions.js';
import { applicationBodySchema } from '../../shared/schemas/applications.js';
import { principals } from '../support/fakes.js';
import { applicationBody } from '../support/fixtures.js';
import { workflowHarness } from '../support/workflow-harness.js';

const brn = '2208162517';

async function submitted(over: Record<string, unknown> = {}) {
  const h = await workflowHarness();
  const { application } = await submitApplication(
    h.deps,
    principals.reseller(brn),
    applicationBodySchema.parse(applicationBody(brn, over)),
  );
  await h.engine.whenIdle();
  const id = application.applicationId;
  const status = () => h.deps.store.applications.get(id)!.status;
  const settle = () => h.engine.whenIdle();
  return { ...h, id, status, settle };
}

const inspected = { result: 'PASS' as const, inspectedAt: '2026-03-01T00:00:00.000Z' };

describe('certification-review.asl.json', () => {
  it('approves: screening → review → inspection → committee → certificate', async () => {
    const h = await submitted();
    expect(h.status()).toBe('DOCUMENT_REVIEW');
    await submitReview(h.deps, principals.reviewer(), h.id, { decision: 'PASS' });
    await h.settle();
    await recordInspection(h.deps, principals.reviewer(), h.id, inspected);
    await h.settle();
    await decideCertification(h.deps, principals.committee(), h.id, { decision: 'APPROVE' });
    await h.settle();
    expect(h.status()).toBe('APPROVED');
    expect(h.deps.store.resellers.get(brn)).toMatchObject({ status: 'CERTIFIED' });
    expect((await h.execution('certification-review', h.id)).status).toBe('SUCCEEDED');
  });

  it('rejects at screening and ends the execution', async () => {
    const h = await submitted({ antiSpamStaff: [] });
    expect(h.status()).toBe('REJECTED');
    expect(h.deps.store.applications.get(h.id)?.failedItems).toEqual(['1.2']);
    expect((await h.execution('certification-review', h.id)).status).toBe('SUCCEEDED');
  });

  it('takes a supplement, then approves', async () => {
    const h = await submitted();
    await submitReview(h.deps, principals.reviewer(), h.id, {
      decision: 'REQUEST_SUPPLEMENT',
      failedItems: ['3.4'],
    });
    await h.settle();
    expect(h.status()).toBe('SUPPLEMENT_REQUESTED');
    await submitSupplement(h.deps, principals.reseller(brn), h.id, {
      checklist: [{ item: '3.4', evidence: 'TOTP for every login' }],
    });
    await h.settle();
    expect(h.status()).toBe('DOCUMENT_REVIEW');
    await submitReview(h.deps, principals.reviewer(), h.id, { decision: 'PASS' });
    await h.settle();
    await recordInspection(h.deps, principals.reviewer(), h.id, inspected);
    await h.settle();
    await decideCertification(h.deps, principals.committee(), h.id, { decision: 'APPROVE' });
    await h.settle();
    expect(h.status()).toBe('APPROVED');
  });

  it('expires at the end of the KST day 14 days after the request, not a second before', async () => {
    const h = await submitted();
    await submitReview(h.deps, principals.reviewer(), h.id, {
      decision: 'REQUEST_SUPPLEMENT',
      failedItems: ['3.4'],
    });
    await h.settle();
    // Requested on 2 March (KST): due through 16 March KST, i.e. until 2026-03-16T15:00:00Z.
    expect(h.deps.store.applications.get(h.id)?.deadline).toBe('2026-03-16T15:00:00.000Z');
    await h.advanceTo('2026-03-16T14:59:59Z');
    expect(h.status()).toBe('SUPPLEMENT_REQUESTED');
    await h.advanceTo('2026-03-16T15:00:01Z');
    expect(h.status()).toBe('EXPIRED');
    expect((await h.execution('certification-review', h.id)).status).toBe('SUCCEEDED');
  });

  it('rejects when the inspection fails, citing the items', async () => {
    const h = await submitted();
    await submitReview(h.deps, principals.reviewer(), h.id, { decision: 'PASS' });
    await h.settle();
    await recordInspection(h.deps, principals.reviewer(), h.id, {
      ...inspected,
      result: 'FAIL',
      failedItems: ['3.1'],
    });
    await h.settle();
    expect(h.deps.store.applications.get(h.id)).toMatchObject({ status: 'REJECTED', failedItems: ['3.1'] });
  });

  it('rejects on the committee’s decision', async () => {
    const h = await submitted();
    await submitReview(h.deps, principals.reviewer(), h.id, { decision: 'PASS' });
    await h.settle();
    await recordInspection(h.deps, principals.reviewer(), h.id, inspected);
    await h.settle();
    await decideCertification(h.deps, principals.committee(), h.id, {
      decision: 'REJECT',
      failedItems: ['5.1'],
    });
    await h.settle();
    expect(h.deps.store.applications.get(h.id)).toMatchObject({ status: 'REJECTED', failedItems: ['5.1'] });
    expect(h.deps.store.resellers.get(brn)?.certificate).toBeUndefined();
  });

  it('stops on withdrawal mid-review', async () => {
    const h = await submitted();
    await submitReview(h.deps, principals.reviewer(), h.id, { decision: 'PASS' });
    await h.settle();
    await withdrawApplication(h.deps, principals.reseller(brn), h.id, { reason: 'changed plans' });
    await h.settle();
    expect(h.status()).toBe('WITHDRAWN');
    expect((await h.execution('certification-review', h.id)).status).toBe('ABORTED');
  });

  it('retries a task that fails transiently and then succeeds', async () => {
    const h = await workflowHarness();
    h.failNext('screen-application', new TransientError('DynamoDB throttled'));
    h.failNext('screen-application', new TransientError('DynamoDB throttled'));
    const { application } = await submitApplication(
      h.deps,
      principals.reseller(brn),
      applicationBodySchema.parse(applicationBody(brn)),
    );
    await h.engine.whenIdle();
    expect(h.invocations.get('screen-application')).toBe(3);
    expect(h.deps.store.applications.get(application.applicationId)?.status).toBe('DOCUMENT_REVIEW');
  });

  it('records a failed step instead of hanging when a task fails for good', async () => {
    const h = await workflowHarness();
    const broken = new Error('schema drift');
    h.failNext('screen-application', broken);
    const { application } = await submitApplication(
      h.deps,
      principals.reseller(brn),
      applicationBodySchema.parse(applicationBody(brn)),
    );
    await h.engine.whenIdle();
    const app = h.deps.store.applications.get(application.applicationId)!;
    expect(app.history.at(-1)).toMatchObject({ step: 'WORKFLOW', decision: 'FAILED' });
    expect((await h.execution('certification-review', application.applicationId)).status).toBe('FAILED');
  });

  it('escalates a missed staff deadline and keeps the step open', async () => {
    const h = await submitted();
    await h.advanceTo('2026-04-02T00:01:00Z'); // 30 days for the document review
    const app = h.deps.store.applications.get(h.id)!;
    expect(app).toMatchObject({ status: 'DOCUMENT_REVIEW', escalations: 1 });
    expect(app.taskToken).toBeTruthy();
    await submitReview(h.deps, principals.reviewer(), h.id, { decision: 'PASS' });
    await h.settle();
    expect(h.status()).toBe('INSPECTION');
  });
});

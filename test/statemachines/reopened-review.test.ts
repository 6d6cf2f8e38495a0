import { describe, expect, it } from 'vitest';
import { submitApplication } from '../../shared/domain/applications/application-use-cases.js';
import { decideObjection, fileObjection } from '../../shared/domain/objections/objection-use-cases.js';
import { decideCertification, submitReview } from '../../shared/domain/review/human-decisions.js';
import { applicationBodySchema } from '../../shared/schemas/applications.js';
import { principals } from '../support/fakes.js';
import { applicationBody } from '../support/fixtures.js';
import { workflowHarness } from '../support/workflow-harness.js';

const brn = '2208162517';

describe('certification-review.asl.json reopened on objection', () => {
  it('a cancelled rejection sends the application back to the committee, which may then approve', async () => {
    const h = await workflowHarness('2026-03-02T00:00:00Z');
    const { application } = await submitApplication(
      h.deps,
      principals.reseller(brn),
      applicationBodySchema.parse(applicationBody(brn)),
    );
    const id = application.applicationId;
    await h.engine.whenIdle();
    await submitReview(h.deps, principals.reviewer(), id, { decision: 'REJECT', failedItems: ['2.1'] });
    await h.engine.whenIdle();
    expect(h.deps.store.applications.get(id)?.status).toBe('REJECTED');
    const objection = await fileObjection(h.deps, principals.reseller(brn), {
      subject: { type: 'APPLICATION', id },
      grounds: 'item 2.1 was evidenced',
    });
    await decideObjection(h.deps, principals.committee(), objection.objectionId, {
      decision: 'CANCEL',
      comment: 'evidence overlooked',
    });
    await h.engine.whenIdle();
    expect(h.deps.store.applications.get(id)).toMatchObject({
      status: 'COMMITTEE_REVIEW',
      taskToken: expect.any(String),
    });
    await decideCertification(h.deps, principals.committee(), id, { decision: 'APPROVE' });
    await h.engine.whenIdle();
    expect(h.deps.store.applications.get(id)?.status).toBe('APPROVED');
    expect(h.deps.store.resellers.get(brn)?.status).toBe('CERTIFIED');
    expect((await h.execution('certification-review', `${id}-reopened`)).status).toBe('SUCCEEDED');
  });
});

import { describe, expect, it } from 'vitest';
import {
  applicationView,
  listApplications,
  readApplication,
  submitApplication,
} from '../../../../shared/domain/applications/application-use-cases.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../../shared/domain/core/errors.js';
import { applicationBodySchema } from '../../../../shared/schemas/applications.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { applicationBody } from '../../../support/fixtures.js';

const A = '2208162517';
const B = '1248100998';
const body = (brn = A) => applicationBodySchema.parse(applicationBody(brn));

describe('submitting an application', () => {
  it('stores a SUBMITTED application with its history and marks it pending on the reseller', async () => {
    const deps = fakeDeps();
    const { application: app } = await submitApplication(deps, principals.reseller(A), body());
    expect(app).toMatchObject({
      brn: A,
      status: 'SUBMITTED',
      checklistVersion: 7,
      failedItems: [],
      reasons: [],
    });
    expect(app.history).toEqual([
      { step: 'SUBMITTED', at: '2026-01-15T00:00:00.000Z', actor: `reseller:${A}` },
    ]);
    expect(deps.store.resellers.get(A)).toMatchObject({
      pendingApplicationId: app.applicationId,
      version: 0,
    });
    expect(deps.store.audit.map((a) => a.action)).toEqual(['SUBMITTED']);
  });

  it('starts the review workflow named after the application with policy deadlines in the input', async () => {
    const deps = fakeDeps();
    const { application, workflowStarted } = await submitApplication(deps, principals.reseller(A), body());
    expect(workflowStarted).toBe(true);
    expect(deps.reviews.started).toEqual([
      {
        applicationId: application.applicationId,
        deadlines: { staffSeconds: 30 * 86_400, supplementSeconds: 14 * 86_400 },
        decision: null,
      },
    ]);
  });

  it('keeps the saved application when the workflow cannot be started (the sweep starts it later)', async () => {
    const deps = fakeDeps();
    deps.reviews.start = async () => {
      throw new Error('Step Functions unavailable');
    };
    const { application, workflowStarted } = await submitApplication(deps, principals.reseller(A), body());
    expect(workflowStarted).toBe(false);
    expect(deps.store.applications.get(application.applicationId)?.status).toBe('SUBMITTED');
  });

  it('refuses an application for another business registration number with 403', async () => {
    const deps = fakeDeps();
    await expect(submitApplication(deps, principals.reseller(A), body(B))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(deps.store.applications.size).toBe(0);
  });

  it('refuses a second application while the first is still under review', async () => {
    const deps = fakeDeps();
    await submitApplication(deps, principals.reseller(A), body());
    await expect(submitApplication(deps, principals.reseller(A), body())).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(deps.store.applications.size).toBe(1);
  });

  it('turns a throttled existing reseller back to GRACE during the extension and announces it', async () => {
    const deps = fakeDeps();
    deps.clock.set('2024-12-10T00:00:00Z');
    deps.store.resellers.set(A, {
      brn: A,
      companyName: 'Old Co',
      existing: true,
      relayOperatorIds: ['kt'],
      status: 'THROTTLED',
      throttle: { speedPercent: 50, volumePercent: 50 },
      version: 2,
      reason: 'no application',
      effectiveAt: '2024-11-30T15:00:00.000Z',
      revision: 2,
      createdAt: '2024-06-01T00:00:00.000Z',
      updatedAt: '2024-11-30T15:00:00.000Z',
    });
    await submitApplication(deps, principals.reseller(A), body());
    expect(deps.store.resellers.get(A)).toMatchObject({ status: 'GRACE', throttle: null, version: 3 });
    expect(deps.store.feed).toEqual([
      expect.objectContaining({ seq: 1, brn: A, status: 'GRACE', version: 3 }),
    ]);
  });

  it('leaves nothing behind when the commit fails', async () => {
    const deps = fakeDeps();
    deps.store.failNextCommit = new Error('DynamoDB unavailable');
    await expect(submitApplication(deps, principals.reseller(A), body())).rejects.toThrow(
      'DynamoDB unavailable',
    );
    expect(deps.store.applications.size).toBe(0);
    expect(deps.store.resellers.size).toBe(0);
    expect(deps.store.audit).toEqual([]);
  });
});

describe('reading applications', () => {
  it('answers 404, not 403, when a reseller asks for another reseller’s application', async () => {
    const deps = fakeDeps();
    const { application: app } = await submitApplication(deps, principals.reseller(A), body());
    await expect(readApplication(deps, principals.reseller(B), app.applicationId)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(readApplication(deps, principals.reviewer(), app.applicationId)).resolves.toMatchObject({
      brn: A,
    });
  });

  it('lists only the caller’s own applications for a reseller, all of them for staff', async () => {
    const deps = fakeDeps();
    await submitApplication(deps, principals.reseller(A), body(A));
    await submitApplication(deps, principals.reseller(B), body(B));
    const own = await listApplications(deps, principals.reseller(B), {}, { limit: 10 });
    expect(own.items.map((a) => a.brn)).toEqual([B]);
    const all = await listApplications(deps, principals.regulator(), { status: 'SUBMITTED' }, { limit: 10 });
    expect(all.items).toHaveLength(2);
  });

  it('shows screening flags to staff only', async () => {
    const deps = fakeDeps();
    const { application: app } = await submitApplication(deps, principals.reseller(A), body());
    app.flags = [
      { kind: 'PHONE', matchedBrn: B, matchedStatus: 'REVOKED', evidence: 'same representative phone' },
    ];
    expect(applicationView(app, principals.reviewer(), false)).toHaveProperty('flags');
    expect(applicationView(app, principals.reseller(A), true)).not.toHaveProperty('flags');
    expect(applicationView(app, principals.reseller(A), true)).toHaveProperty('submission');
  });
});

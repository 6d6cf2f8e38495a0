import { describe, expect, it } from 'vitest';
import { submitApplication } from '../../shared/domain/applications/application-use-cases.js';
import {
  decideInspection,
  recordInspectionResult,
} from '../../shared/domain/inspections/inspection-decisions.js';
import {
  decideCertification,
  recordInspection,
  submitReview,
} from '../../shared/domain/review/human-decisions.js';
import { applicationBodySchema } from '../../shared/schemas/applications.js';
import { principals } from '../support/fakes.js';
import { lifecycleState } from '../support/fakes-lifecycle.js';
import { applicationBody } from '../support/fixtures.js';
import { workflowHarness } from '../support/workflow-harness.js';

const brn = '2208162517';

/** Certified through the real review workflow at 2026-03-02T00:00Z (09:00 KST), inspection scheduled. */
async function certified() {
  const h = await workflowHarness('2026-03-02T00:00:00Z');
  const { application } = await submitApplication(
    h.deps,
    principals.reseller(brn),
    applicationBodySchema.parse(applicationBody(brn)),
  );
  await h.engine.whenIdle();
  const id = application.applicationId;
  await submitReview(h.deps, principals.reviewer(), id, { decision: 'PASS' });
  await h.engine.whenIdle();
  await recordInspection(h.deps, principals.reviewer(), id, {
    result: 'PASS',
    inspectedAt: '2026-03-01T00:00:00.000Z',
  });
  await h.engine.whenIdle();
  await decideCertification(h.deps, principals.committee(), id, { decision: 'APPROVE' });
  await h.engine.whenIdle();
  const inspections = () =>
    [...lifecycleState(h.deps.store).inspections.values()].sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
  const reseller = () => h.deps.store.resellers.get(brn)!;
  return { ...h, inspections, reseller };
}

describe('inspection.asl.json', () => {
  it('is scheduled at issuance, due 12 months later at the end of the KST day, opened 30 days before with a reminder', async () => {
    const h = await certified();
    const [first] = h.inspections();
    // Issued 2026-03-02 09:00 KST: due at the end of 2027-03-02 KST.
    expect(first).toMatchObject({
      kind: 'ANNUAL',
      status: 'SCHEDULED',
      dueAt: '2027-03-02T15:00:00.000Z',
      opensAt: '2027-01-31T15:00:00.000Z',
    });
    expect(h.reseller().certificate).toMatchObject({
      nextInspectionDue: '2027-03-02T15:00:00.000Z',
      revision: 1,
    });
    await h.advanceTo('2027-01-31T14:59:59Z');
    expect(h.inspections()[0]!.status).toBe('SCHEDULED');
    await h.advanceTo('2027-01-31T15:00:00Z');
    expect(h.inspections()[0]!.status).toBe('OPEN');
    expect(h.deps.store.notifications.map((n) => n.kind)).toEqual(['INSPECTION_REMINDER']);
  });

  it('PASS moves the next due date to inspectedAt + 12 months and gives the certificate a new revision', async () => {
    const h = await certified();
    await h.advanceTo('2027-02-10T00:00:00Z');
    const [first] = h.inspections();
    const after = await recordInspectionResult(h.deps, principals.reviewer(), first!.inspectionId, {
      result: 'PASS',
      inspectedAt: '2027-02-09T03:00:00.000Z',
    });
    await h.engine.whenIdle();
    expect(after.status).toBe('PASSED');
    expect(h.reseller().certificate).toMatchObject({
      nextInspectionDue: '2028-02-09T15:00:00.000Z',
      lastInspectedAt: '2027-02-09T03:00:00.000Z',
      revision: 2,
    });
    expect(h.reseller().status).toBe('CERTIFIED');
    const next = h.inspections()[1]!;
    expect(next).toMatchObject({ kind: 'ANNUAL', status: 'SCHEDULED', dueAt: '2028-02-09T15:00:00.000Z' });
    expect((await h.execution('inspection', next.inspectionId)).status).toBe('RUNNING');
    // The decided visit's execution ends at its next wake (the due instant) without escalating.
    await h.advanceTo('2027-03-02T15:00:00Z');
    expect((await h.execution('inspection', first!.inspectionId)).status).toBe('SUCCEEDED');
    expect(h.inspections()[0]!.escalatedAt).toBeUndefined();
  });

  it('escalates an inspection staff left past its due date, and the reseller stays CERTIFIED', async () => {
    const h = await certified();
    const version = h.reseller().version;
    await h.advanceTo('2027-03-02T14:59:59Z');
    expect(h.inspections()[0]!.escalatedAt).toBeUndefined();
    await h.advanceTo('2027-03-02T15:00:00Z');
    expect(h.inspections()[0]).toMatchObject({ status: 'OPEN', escalatedAt: '2027-03-02T15:00:00.000Z' });
    expect(h.reseller()).toMatchObject({ status: 'CERTIFIED', version });
    expect(h.deps.store.audit.map((a) => a.action)).toContain('INSPECTION_OVERDUE');
  });

  it('FAIL gives a corrective period to the end of its 30th KST day, then opens the re-inspection', async () => {
    const h = await certified();
    await h.advanceTo('2027-02-10T00:00:00Z');
    const [first] = h.inspections();
    await recordInspectionResult(h.deps, principals.reviewer(), first!.inspectionId, {
      result: 'FAIL',
      inspectedAt: '2027-02-09T03:00:00.000Z',
      failedItems: ['3.4'],
    });
    await h.engine.whenIdle();
    const re = h.inspections()[1]!;
    // 2027-02-09 12:00 KST + 30 days = 2027-03-11 KST, ending 2027-03-11T15:00Z.
    expect(re).toMatchObject({
      kind: 'REINSPECTION',
      status: 'CORRECTIVE',
      opensAt: '2027-03-11T15:00:00.000Z',
    });
    expect(h.inspections()[0]).toMatchObject({
      status: 'FAILED',
      correctiveUntil: '2027-03-11T15:00:00.000Z',
    });
    await h.advanceTo('2027-03-11T14:59:59Z');
    expect(h.inspections()[1]!.status).toBe('CORRECTIVE');
    await h.advanceTo('2027-03-11T15:00:00Z');
    expect(h.inspections()[1]!.status).toBe('OPEN');
    expect(h.reseller().status).toBe('CERTIFIED');
  });

  it('a second FAIL goes to the committee, whose SUSPEND suspends the reseller until the date', async () => {
    const h = await certified();
    await h.advanceTo('2027-02-10T00:00:00Z');
    await recordInspectionResult(h.deps, principals.reviewer(), h.inspections()[0]!.inspectionId, {
      result: 'FAIL',
      inspectedAt: '2027-02-09T03:00:00.000Z',
      failedItems: ['3.4'],
    });
    await h.advanceTo('2027-03-12T00:00:00Z');
    const re = h.inspections()[1]!;
    const second = await recordInspectionResult(h.deps, principals.reviewer(), re.inspectionId, {
      result: 'FAIL',
      inspectedAt: '2027-03-12T00:00:00.000Z',
      failedItems: ['3.4', '4.1'],
    });
    expect(second.status).toBe('COMMITTEE');
    const decided = await decideInspection(h.deps, principals.committee(), re.inspectionId, {
      decision: 'SUSPEND',
      until: '2027-04-30T15:00:00.000Z',
      comment: 'MFA still missing',
    });
    expect(decided).toMatchObject({ status: 'FAILED', decision: 'SUSPEND', sanctionId: expect.any(String) });
    expect(h.reseller()).toMatchObject({ status: 'SUSPENDED' });
    expect(h.deps.store.feed.at(-1)).toMatchObject({ status: 'SUSPENDED', noticeType: 'reseller.suspended' });
    await h.advanceTo(re.dueAt);
    expect((await h.execution('inspection', re.inspectionId)).status).toBe('SUCCEEDED');
  });
});

import { describe, expect, it } from 'vitest';
import { submitApplication } from '../../shared/domain/applications/application-use-cases.js';
import { importExistingResellers } from '../../shared/domain/grace/existing-reseller-import.js';
import { applicationBodySchema } from '../../shared/schemas/applications.js';
import { validateExistingResellerRow } from '../../shared/schemas/registry.js';
import { principals } from '../support/fakes.js';
import { applicationBody } from '../support/fixtures.js';
import { workflowHarness } from '../support/workflow-harness.js';

const brn = '2208162517';

async function importedAt(iso: string) {
  const h = await workflowHarness(iso);
  const [result] = await importExistingResellers(
    h.deps,
    principals.admin(),
    [{ brn, companyName: 'Old Co', registeredAt: '2021-01-01T00:00:00Z' }],
    validateExistingResellerRow,
  );
  await h.engine.whenIdle();
  const reseller = () => h.deps.store.resellers.get(brn)!;
  return { ...h, result, reseller };
}

describe('grace-period.asl.json', () => {
  it('never applied: reminders, THROTTLED at the deadline, UNCERTIFIED at the extension end', async () => {
    const h = await importedAt('2024-07-01T00:00:00Z');
    expect(h.reseller().status).toBe('GRACE');
    await h.advanceTo('2024-11-30T14:59:59Z');
    expect(h.reseller().status).toBe('GRACE');
    expect(h.deps.store.notifications.map((n) => n.detail.daysBefore)).toEqual([30, 7, 1]);
    await h.advanceTo('2024-11-30T15:00:00Z');
    expect(h.reseller()).toMatchObject({
      status: 'THROTTLED',
      throttle: { speedPercent: 50, volumePercent: 50 },
    });
    await h.advanceTo('2024-12-31T15:00:00Z');
    expect(h.reseller().status).toBe('UNCERTIFIED');
    expect((await h.execution('grace-period', `grace-${brn}`)).status).toBe('SUCCEEDED');
    expect(h.deps.store.feed.map((c) => c.status)).toEqual(['GRACE', 'THROTTLED', 'UNCERTIFIED']);
  });

  it('applied and pending at the deadline: keeps GRACE, then blocked at the extension end if still uncertified', async () => {
    const h = await importedAt('2024-07-01T00:00:00Z');
    h.deps.clock.set('2024-11-20T00:00:00Z');
    // The application is under review (its own workflow is not driven here).
    h.deps.reviews.start = async () => undefined;
    await submitApplication(
      h.deps,
      principals.reseller(brn),
      applicationBodySchema.parse(applicationBody(brn, { paidInCapitalKrw: 50_000_000 })),
    );
    await h.advanceTo('2024-12-01T00:00:00Z');
    expect(h.reseller().status).toBe('GRACE');
    await h.advanceTo('2024-12-31T15:00:00Z');
    expect(h.reseller().status).toBe('UNCERTIFIED');
  });

  it('certified early: the workflow ends at its next step without touching eligibility', async () => {
    const h = await importedAt('2024-07-01T00:00:00Z');
    Object.assign(h.reseller(), {
      status: 'CERTIFIED',
      certificate: {
        certificateId: 'C-2024-000001',
        applicationId: 'app_x',
        issuedAt: '2024-09-01T00:00:00.000Z',
        validUntil: '2026-09-01T00:00:00.000Z',
        nextInspectionDue: '2025-09-01T00:00:00.000Z',
      },
    });
    await h.advanceTo('2024-11-01T00:00:00Z');
    expect((await h.execution('grace-period', `grace-${brn}`)).status).toBe('SUCCEEDED');
    expect(h.deps.store.notifications).toEqual([]);
    expect(h.reseller().status).toBe('CERTIFIED');
  });

  it('imported during the extension: THROTTLED at once, blocked at its end', async () => {
    const h = await importedAt('2024-12-10T00:00:00Z');
    expect(h.result).toMatchObject({ outcome: 'CREATED', status: 'THROTTLED' });
    await h.advanceTo('2024-12-31T15:00:00Z');
    expect(h.reseller().status).toBe('UNCERTIFIED');
  });

  it('imported after the extension: UNCERTIFIED at once and no workflow started', async () => {
    const h = await importedAt('2025-02-01T00:00:00Z');
    expect(h.result).toMatchObject({ outcome: 'CREATED', status: 'UNCERTIFIED' });
    const executions = await h.engine.listExecutions({ stateMachineName: 'grace-period' });
    expect(executions.executions).toEqual([]);
  });
});

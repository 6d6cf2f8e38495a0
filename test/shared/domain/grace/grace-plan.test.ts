import { describe, expect, it } from 'vitest';
import { importExistingResellers } from '../../../../shared/domain/grace/existing-reseller-import.js';
import { planGraceStep, runGraceStep } from '../../../../shared/domain/grace/grace-plan.js';
import { eligibilityOf } from '../../../../shared/domain/resellers/registry-queries.js';
import { sweepDue } from '../../../../shared/domain/resellers/time-enforcement.js';
import { validateExistingResellerRow } from '../../../../shared/schemas/registry.js';
import { fakeDeps, principals } from '../../../support/fakes.js';

const brn = '2208162517';

async function imported(at = '2024-07-01T00:00:00Z') {
  const deps = fakeDeps();
  deps.clock.set(at);
  await importExistingResellers(
    deps,
    principals.admin(),
    [{ brn, companyName: 'Old Co', registeredAt: '2022-01-01T00:00:00Z' }],
    validateExistingResellerRow,
  );
  return deps;
}

describe('grace-period planning', () => {
  it('plans reminders 30, 7 and 1 days before the deadline, then the deadline and the extension end', async () => {
    const deps = await imported();
    const plan: string[] = [];
    let after: string | null = null;
    for (;;) {
      const step = await planGraceStep(deps, brn, after);
      if (step.action === 'DONE') break;
      plan.push(`${step.action}@${step.at}`);
      after = step.at;
    }
    expect(plan).toEqual([
      'REMIND@2024-10-31T15:00:00.000Z',
      'REMIND@2024-11-23T15:00:00.000Z',
      'REMIND@2024-11-29T15:00:00.000Z',
      'DEADLINE@2024-11-30T15:00:00.000Z',
      'EXTENSION_END@2024-12-31T15:00:00.000Z',
    ]);
  });

  it('starts one grace workflow per imported reseller, none on a re-import', async () => {
    const deps = await imported();
    await importExistingResellers(
      deps,
      principals.admin(),
      [{ brn, companyName: 'Old Co', registeredAt: '2022-01-01T00:00:00Z' }],
      validateExistingResellerRow,
    );
    expect(deps.store.graceStarted).toEqual([brn]);
  });

  it('skips steps already behind the clock for a reseller imported during the extension', async () => {
    const deps = await imported('2024-12-10T00:00:00Z');
    expect(await planGraceStep(deps, brn, null)).toEqual({
      action: 'EXTENSION_END',
      at: '2024-12-31T15:00:00.000Z',
    });
  });

  it('has nothing to do for a certified reseller', async () => {
    const deps = await imported();
    const r = deps.store.resellers.get(brn)!;
    r.certificate = {
      certificateId: 'C-2024-000001',
      applicationId: 'app_1',
      issuedAt: '2024-08-01T00:00:00.000Z',
      validUntil: '2026-08-01T00:00:00.000Z',
      nextInspectionDue: '2025-08-01T00:00:00.000Z',
    };
    expect(await planGraceStep(deps, brn, null)).toEqual({ action: 'DONE' });
  });

  it('sends a reminder once even when the step is retried', async () => {
    const deps = await imported('2024-10-31T15:00:00Z');
    const step = { action: 'REMIND' as const, at: '2024-10-31T15:00:00.000Z', daysBefore: 30 };
    await runGraceStep(deps, brn, step);
    await runGraceStep(deps, brn, step);
    expect(deps.store.notifications).toEqual([
      expect.objectContaining({
        brn,
        kind: 'GRACE_REMINDER',
        detail: expect.objectContaining({ daysBefore: 30 }),
      }),
    ]);
  });
});

describe('deadline enforcement', () => {
  it('throttles a non-applicant at the deadline and blocks it at the extension end, announcing each once', async () => {
    const deps = await imported();
    deps.clock.set('2024-11-30T15:00:00Z');
    await runGraceStep(deps, brn, { action: 'DEADLINE', at: '2024-11-30T15:00:00.000Z' });
    expect(deps.store.resellers.get(brn)).toMatchObject({
      status: 'THROTTLED',
      throttle: { speedPercent: 50, volumePercent: 50 },
      version: 2,
    });
    await runGraceStep(deps, brn, { action: 'DEADLINE', at: '2024-11-30T15:00:00.000Z' });
    deps.clock.set('2024-12-31T15:00:00Z');
    await runGraceStep(deps, brn, { action: 'EXTENSION_END', at: '2024-12-31T15:00:00.000Z' });
    expect(deps.store.feed.map((c) => `${c.status}/v${c.version}`)).toEqual([
      'GRACE/v1',
      'THROTTLED/v2',
      'UNCERTIFIED/v3',
    ]);
  });

  it('keeps GRACE through the extension for a reseller whose application is pending', async () => {
    const deps = await imported();
    deps.store.resellers.get(brn)!.pendingApplicationId = 'app_1';
    deps.clock.set('2024-11-30T15:00:00Z');
    await runGraceStep(deps, brn, { action: 'DEADLINE', at: '2024-11-30T15:00:00.000Z' });
    expect(deps.store.resellers.get(brn)?.status).toBe('GRACE');
  });

  it('treats 23:59:59 KST on 30 Nov as before the deadline and 00:00:00 KST on 1 Dec as after', async () => {
    const deps = await imported();
    deps.clock.set('2024-11-30T14:59:59Z');
    expect((await eligibilityOf(deps, principals.relay(), brn)).status).toBe('GRACE');
    deps.clock.set('2024-11-30T15:00:00Z');
    expect((await eligibilityOf(deps, principals.relay(), brn)).status).toBe('THROTTLED');
  });

  it('lets the sweep enforce what a failed workflow missed, twice without double effects', async () => {
    const deps = await imported();
    expect(deps.store.resellers.get(brn)?.dueAt).toBe('2024-11-30T15:00:00.000Z');
    deps.clock.set('2025-01-05T00:00:00Z'); // no workflow ran at either deadline
    const first = await sweepDue(deps);
    // Late, it still commits each change at its own instant, in order.
    expect(first).toEqual([
      {
        brn,
        changed: true,
        status: 'UNCERTIFIED',
        instants: ['2024-11-30T15:00:00.000Z', '2024-12-31T15:00:00.000Z'],
      },
    ]);
    expect(await sweepDue(deps)).toEqual([]);
    expect(deps.store.feed.map((c) => [c.status, c.noticeType])).toEqual([
      ['GRACE', 'reseller.grace'],
      ['THROTTLED', 'reseller.throttled'],
      ['UNCERTIFIED', 'reseller.blocked'],
    ]);
    expect(deps.store.feed.slice(1).map((c) => c.effectiveAt)).toEqual([
      '2024-11-30T15:00:00.000Z',
      '2024-12-31T15:00:00.000Z',
    ]);
    expect(deps.store.resellers.get(brn)?.dueAt).toBeUndefined();
  });

  it('expires a lapsed certificate and notes an overdue inspection once', async () => {
    const deps = await imported();
    const r = deps.store.resellers.get(brn)!;
    Object.assign(r, {
      status: 'CERTIFIED',
      certificate: {
        certificateId: 'C-2024-000009',
        applicationId: 'app_9',
        issuedAt: '2024-08-01T00:00:00.000Z',
        validUntil: '2026-08-01T00:00:00.000Z',
        nextInspectionDue: '2025-08-01T00:00:00.000Z',
      },
      dueAt: '2025-08-01T00:00:00.000Z',
    });
    deps.clock.set('2025-08-02T00:00:00Z');
    expect(await sweepDue(deps)).toEqual([
      { brn, changed: false, status: 'CERTIFIED', inspectionOverdue: true },
    ]);
    expect(await sweepDue(deps)).toEqual([]);
    deps.clock.set('2026-08-01T00:00:00Z');
    expect(await sweepDue(deps)).toEqual([
      { brn, changed: true, status: 'EXPIRED', instants: ['2026-08-01T00:00:00.000Z'] },
    ]);
    expect(deps.store.audit.filter((a) => a.action === 'INSPECTION_OVERDUE')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { reviewChangeReport } from '../../../../shared/domain/change-reports/change-report-use-cases.js';
import { annualInspection } from '../../../../shared/domain/inspections/inspection.js';
import {
  decideInspection,
  recordInspectionResult,
} from '../../../../shared/domain/inspections/inspection-decisions.js';
import {
  decideObjection,
  fileObjection,
  stayObjection,
} from '../../../../shared/domain/objections/objection-use-cases.js';
import { defaultPolicyVersions, policyAt } from '../../../../shared/domain/policy/policy.js';
import type { RegistryCommit } from '../../../../shared/domain/ports.js';
import { imposeSanction } from '../../../../shared/domain/sanctions/sanctions.js';
import {
  assignApplication,
  assignCase,
  assignChangeReport,
  assignObjection,
} from '../../../../shared/domain/work-queues/assignment.js';
import { escalateOverdueWork } from '../../../../shared/domain/work-queues/escalation.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { lifecycleState } from '../../../support/fakes-lifecycle.js';
import { certifiedReseller, openCase, seedRelays } from '../../../support/fakes-sanctions.js';
import { application, changeReport, objection } from '../work-queues/fixtures.js';

/**
 * Every decision of the certificate's life after issuance leaves its trace in the audit trail, in
 * the same commit: every record it changes has an entry on its own entity naming who decided, and
 * a person's decision carries the reason they gave.
 */
const BRN = '2208162517';
const policy = policyAt(defaultPolicyVersions, new Date('2026-06-01T00:00:00Z')).parameters;

const entityOf: Record<string, (after: Record<string, string>) => string> = {
  inspection: (a) => `inspection#${a.inspectionId}`,
  changeReport: (a) => `change-report#${a.changeReportId}`,
  objection: (a) => `objection#${a.objectionId}`,
  sanction: (a) => `sanction#${a.sanctionId}`,
};

/** The entities a commit changes (records that existed before it, and every new sanction or objection). */
function changed(unit: RegistryCommit): string[] {
  const out: string[] = [];
  for (const w of unit.records ?? []) {
    if (w.before || w.kind === 'sanction' || w.kind === 'objection')
      out.push(entityOf[w.kind]!(w.after as unknown as Record<string, string>));
  }
  if (unit.sanction) out.push(`sanction#${unit.sanction.after.sanctionId}`);
  if (unit.spamCase?.before) out.push(`case#${unit.spamCase.after.caseId}`);
  if (unit.application?.before) out.push(`application#${unit.application.after.applicationId}`);
  if (unit.change) out.push(`reseller#${unit.change.brn}`);
  return out;
}

function recording() {
  const deps = fakeDeps();
  deps.clock.set('2026-06-01T01:00:00Z');
  seedRelays(deps.store);
  certifiedReseller(deps.store, BRN);
  const units: RegistryCommit[] = [];
  const commit = deps.registry.commit;
  deps.registry.commit = async (unit) => {
    const result = await commit(unit);
    units.push(structuredClone(unit));
    return result;
  };
  return { deps, units, state: lifecycleState(deps.store) };
}

const comment = (unit: RegistryCommit, entity: string) =>
  unit.audit.find((a) => a.entity === entity)?.detail?.comment;

describe('the lifecycle’s decisions in the audit trail', () => {
  it('audits every record each decision changes, with its actor, and a person’s reason', async () => {
    const { deps, units, state } = recording();
    const committee = principals.committee();
    const reviewer = principals.reviewer();

    // Work queues.
    deps.store.applications.set('app_1', application('app_1'));
    const c = openCase(deps.store, BRN);
    state.changeReports.set('chg_1', changeReport('chg_1', { dueAt: '2026-06-10T15:00:00.000Z' }));
    await assignApplication(deps, reviewer, 'app_1', 'kim');
    await assignCase(deps, reviewer, c.caseId, 'kim');
    await assignChangeReport(deps, reviewer, 'chg_1', 'kim');

    // A suspension contested: stay, then UPHOLD; the change report accepted.
    const { sanction } = await imposeSanction(deps, reviewer, BRN, {
      type: 'SUSPENSION',
      until: '2026-08-31T15:00:00.000Z',
      reason: 'confirmed spam',
    });
    const filed = await fileObjection(deps, principals.reseller(BRN), {
      subject: { type: 'SANCTION', id: sanction.sanctionId },
      grounds: 'not ours',
    });
    await assignObjection(deps, committee, filed.objectionId, 'choi');
    await stayObjection(deps, committee, filed.objectionId, { granted: true, comment: 'pending review' });
    expect(comment(units.at(-1)!, `sanction#${sanction.sanctionId}`)).toBe('pending review');
    await decideObjection(deps, committee, filed.objectionId, {
      decision: 'UPHOLD',
      comment: 'evidence holds',
    });
    expect(comment(units.at(-1)!, `objection#${filed.objectionId}`)).toBe('evidence holds');
    expect(comment(units.at(-1)!, `sanction#${sanction.sanctionId}`)).toBe('evidence holds');
    await reviewChangeReport(deps, reviewer, 'chg_1', { decision: 'REJECT', comment: 'no statement' });
    expect(comment(units.at(-1)!, 'change-report#chg_1')).toBe('no statement');

    // A second failed inspection goes to the committee, which suspends.
    const inspection = {
      ...annualInspection({
        inspectionId: 'insp_1',
        brn: BRN,
        certificateId: 'C-2025-162517',
        from: '2025-06-01T00:00:00Z',
        policy,
        now: '2025-06-01T00:00:00.000Z',
        actor: 'system',
      }),
      status: 'OPEN' as const,
      priorFailures: 1,
    };
    state.inspections.set('insp_1', inspection);
    await recordInspectionResult(deps, reviewer, 'insp_1', {
      result: 'FAIL',
      inspectedAt: '2026-06-01T00:00:00.000Z',
      failedItems: ['2.1'],
      comment: 'no anti-spam staff',
    });
    expect(comment(units.at(-1)!, 'inspection#insp_1')).toBe('no anti-spam staff');
    await decideInspection(deps, committee, 'insp_1', {
      decision: 'CLEAR',
      comment: 'corrected on the spot',
    });
    expect(comment(units.at(-1)!, 'inspection#insp_1')).toBe('corrected on the spot');

    // Staff lateness.
    state.objections.set('obj_late', objection('obj_late', { dueAt: '2026-06-20T15:00:00.000Z' }));
    deps.clock.set('2026-06-21T00:00:00Z');
    await escalateOverdueWork(deps);

    expect(units.length).toBeGreaterThanOrEqual(12);
    for (const unit of units) {
      const audited = new Set(unit.audit.map((a) => a.entity));
      for (const entity of changed(unit))
        expect({ entity, audited: audited.has(entity) }).toEqual({ entity, audited: true });
      for (const a of unit.audit)
        expect(a.actor).toMatch(/^(system|reseller:\d{10}|(reviewer|committee):.+)/);
    }
  });
});

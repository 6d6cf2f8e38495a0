import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/domain/core/errors.js';
import { annualInspection, type Inspection } from '../../../../shared/domain/inspections/inspection.js';
import {
  decideInspection,
  recordInspectionResult,
} from '../../../../shared/domain/inspections/inspection-decisions.js';
import { assignInspection, getInspection } from '../../../../shared/domain/inspections/inspection-queries.js';
import { defaultPolicyVersions, policyAt } from '../../../../shared/domain/policy/policy.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { lifecycleState } from '../../../support/fakes-lifecycle.js';
import { certifiedReseller, seedRelays } from '../../../support/fakes-sanctions.js';

const BRN = '2208162517';
const policy = policyAt(defaultPolicyVersions, new Date('2026-06-01T00:00:00Z')).parameters;

function setup(over: Partial<Inspection> = {}) {
  const deps = fakeDeps();
  deps.clock.set('2026-11-20T00:00:00Z');
  seedRelays(deps.store);
  const reseller = certifiedReseller(deps.store, BRN);
  const inspection: Inspection = {
    ...annualInspection({
      inspectionId: 'insp_1',
      brn: BRN,
      certificateId: reseller.certificate!.certificateId,
      from: '2025-12-01T00:00:00Z',
      policy,
      now: '2025-12-01T00:00:00.000Z',
      actor: 'system',
    }),
    status: 'OPEN',
    ...over,
  };
  lifecycleState(deps.store).inspections.set(inspection.inspectionId, inspection);
  const stored = () => [...lifecycleState(deps.store).inspections.values()];
  return { deps, inspection, stored };
}

const pass = { result: 'PASS' as const, inspectedAt: '2026-11-19T01:00:00.000Z' };

describe('recording an inspection result', () => {
  it('refuses a result unless the inspection is OPEN', async () => {
    const { deps } = setup({ status: 'SCHEDULED' });
    await expect(recordInspectionResult(deps, principals.reviewer(), 'insp_1', pass)).rejects.toThrow(
      ConflictError,
    );
  });

  it('refuses an inspectedAt in the future, naming the field', async () => {
    const { deps } = setup();
    const err = await recordInspectionResult(deps, principals.reviewer(), 'insp_1', {
      ...pass,
      inspectedAt: '2026-11-20T00:00:01.000Z',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.errors[0].path).toBe('body.inspectedAt');
  });

  it('refuses a FAIL that names no failed item', async () => {
    const { deps } = setup();
    const err = await recordInspectionResult(deps, principals.reviewer(), 'insp_1', {
      ...pass,
      result: 'FAIL',
    }).catch((e) => e);
    expect(err.errors[0].path).toBe('body.failedItems');
  });

  it('PASS schedules the next annual inspection and starts its workflow, eligibility untouched', async () => {
    const { deps, stored } = setup();
    await recordInspectionResult(deps, principals.reviewer(), 'insp_1', pass);
    const [, next] = stored();
    expect(next).toMatchObject({ kind: 'ANNUAL', status: 'SCHEDULED', dueAt: '2027-11-19T15:00:00.000Z' });
    expect(lifecycleState(deps.store).inspectionStarts).toEqual([next!.inspectionId]);
    expect(deps.store.feed).toEqual([]);
    expect(deps.store.audit.map((a) => a.action)).toEqual(['INSPECTION_PASSED', 'CERTIFICATE_REVISED']);
  });

  it('REFUSED takes the ladder’s next sanction (a first one is a warning) and still owes a re-inspection', async () => {
    const { deps, stored } = setup();
    const after = await recordInspectionResult(deps, principals.reviewer(), 'insp_1', {
      ...pass,
      result: 'REFUSED',
    });
    expect(after).toMatchObject({ status: 'REFUSED', sanctionId: expect.any(String) });
    expect([...deps.store.sanctions.values()].map((s) => s.type)).toEqual(['WARNING']);
    expect(stored()[1]).toMatchObject({ kind: 'REINSPECTION', status: 'CORRECTIVE', priorFailures: 0 });
  });

  it('a reviewer’s REFUSED that the ladder would answer with a revocation goes to the committee', async () => {
    const { deps } = setup();
    for (let i = 0; i < 3; i++) {
      deps.store.sanctions.set(`snc_${i}`, {
        sanctionId: `snc_${i}`,
        brn: BRN,
        type: 'WARNING',
        from: '2026-10-01T00:00:00.000Z',
        until: null,
        reason: 'spam',
        caseId: `case_${i}`,
        imposedAt: `2026-10-0${i + 1}T00:00:00.000Z`,
        imposedBy: 'reviewer:x',
        revision: 1,
      });
    }
    const after = await recordInspectionResult(deps, principals.reviewer(), 'insp_1', {
      ...pass,
      result: 'REFUSED',
    });
    expect(after.status).toBe('COMMITTEE');
    expect(deps.store.resellers.get(BRN)?.status).toBe('CERTIFIED');
  });
});

describe('the committee’s decision', () => {
  it('is refused unless the inspection awaits the committee', async () => {
    const { deps } = setup();
    await expect(
      decideInspection(deps, principals.committee(), 'insp_1', { decision: 'CLEAR', comment: 'ok' }),
    ).rejects.toThrow(ConflictError);
  });

  it('takes `until` with a suspension only', async () => {
    const { deps } = setup({ status: 'COMMITTEE' });
    const err = await decideInspection(deps, principals.committee(), 'insp_1', {
      decision: 'REVOKE',
      until: '2027-01-01T00:00:00.000Z',
      comment: 'x',
    }).catch((e) => e);
    expect(err.errors[0].path).toBe('body.until');
  });

  it('REVOKE revokes the reseller and announces it', async () => {
    const { deps } = setup({ status: 'COMMITTEE', priorFailures: 1 });
    await decideInspection(deps, principals.committee(), 'insp_1', { decision: 'REVOKE', comment: 'twice' });
    expect(deps.store.resellers.get(BRN)).toMatchObject({ status: 'REVOKED' });
    expect(deps.store.feed.at(-1)).toMatchObject({ noticeType: 'reseller.revoked' });
  });

  it('CLEAR moves the next due date and schedules the next visit', async () => {
    const { deps, stored } = setup({ status: 'COMMITTEE', inspectedAt: '2026-11-19T01:00:00.000Z' });
    const after = await decideInspection(deps, principals.committee(), 'insp_1', {
      decision: 'CLEAR',
      comment: 'corrected since',
    });
    expect(after).toMatchObject({ status: 'PASSED', decision: 'CLEAR' });
    expect(deps.store.resellers.get(BRN)?.certificate?.nextInspectionDue).toBe('2027-11-19T15:00:00.000Z');
    expect(stored()).toHaveLength(2);
  });
});

describe('reading and assigning', () => {
  it('hides another reseller’s inspection with 404 and shows the owner no assignee', async () => {
    const { deps } = setup({ assignee: 'kim' });
    await expect(getInspection(deps, principals.reseller('1248100998'), 'insp_1')).rejects.toThrow(
      NotFoundError,
    );
    const own = await getInspection(deps, principals.reseller(BRN), 'insp_1');
    expect(own).not.toHaveProperty('assignee');
    expect(await getInspection(deps, principals.reviewer(), 'insp_1')).toMatchObject({ assignee: 'kim' });
  });

  it('refuses to assign a decided inspection', async () => {
    const { deps } = setup({ status: 'PASSED' });
    await expect(assignInspection(deps, principals.reviewer(), 'insp_1', 'kim')).rejects.toThrow(
      ConflictError,
    );
  });

  it('assigns an open inspection and audits who did it', async () => {
    const { deps } = setup();
    const after = await assignInspection(deps, principals.committee(), 'insp_1', 'kim');
    expect(after.assignee).toBe('kim');
    expect(deps.store.audit.at(-1)).toMatchObject({ action: 'ASSIGNED', actor: 'committee:sub-committee' });
  });
});

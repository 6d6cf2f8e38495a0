import { describe, expect, it } from 'vitest';
import { escalateOverdueWork } from '../../../../shared/domain/work-queues/escalation.js';
import { fakeDeps } from '../../../support/fakes.js';
import { lifecycleState } from '../../../support/fakes-lifecycle.js';
import { certifiedReseller, openCase } from '../../../support/fakes-sanctions.js';
import { changeReport, objection } from './fixtures.js';

function setup() {
  const deps = fakeDeps();
  const state = lifecycleState(deps.store);
  const reseller = certifiedReseller(deps.store);
  const c = openCase(deps.store);
  deps.store.cases.set(c.caseId, { ...c, dueAt: '2026-02-13T15:00:00.000Z', assignee: 'kim' });
  state.objections.set('obj_1', objection('obj_1', { dueAt: '2026-02-13T15:00:00.000Z', assignee: 'lee' }));
  state.changeReports.set('chg_1', changeReport('chg_1', { dueAt: '2026-02-13T15:00:00.000Z' }));
  // Decided work is no one's any more, even past its due time.
  state.objections.set(
    'obj_done',
    objection('obj_done', { status: 'UPHELD', dueAt: '2026-01-01T15:00:00.000Z' }),
  );
  return { deps, state, caseId: c.caseId, reseller };
}

describe('escalating overdue staff work', () => {
  it('leaves work alone until its due time (the end of the KST day)', async () => {
    const { deps } = setup();
    deps.clock.set('2026-02-13T14:59:59.999Z');
    expect(await escalateOverdueWork(deps)).toEqual({ case: 0, objection: 0, changeReport: 0 });
    expect(deps.store.audit).toEqual([]);
  });

  it('at its due time takes each item from its assignee to the committee, once, and audits it', async () => {
    const { deps, state, caseId } = setup();
    deps.clock.set('2026-02-13T15:00:00.000Z');
    expect(await escalateOverdueWork(deps)).toEqual({ case: 1, objection: 1, changeReport: 1 });
    const escalatedCase = deps.store.cases.get(caseId)!;
    expect(escalatedCase.escalatedAt).toBe('2026-02-13T15:00:00.000Z');
    expect(escalatedCase).not.toHaveProperty('assignee');
    expect(state.objections.get('obj_1')).not.toHaveProperty('assignee');
    expect(state.objections.get('obj_1')?.history.at(-1)).toMatchObject({
      actor: 'system',
      action: 'ESCALATED',
      comment: expect.stringContaining('taken from lee to the committee'),
    });
    expect(state.changeReports.get('chg_1')?.escalatedAt).toBe('2026-02-13T15:00:00.000Z');
    expect(deps.store.audit).toEqual([
      expect.objectContaining({
        entity: `case#${caseId}`,
        actor: 'system',
        action: 'ESCALATED',
        detail: expect.objectContaining({ assignee: 'kim', to: 'committee' }),
      }),
      expect.objectContaining({ entity: 'objection#obj_1', action: 'ESCALATED' }),
      expect.objectContaining({ entity: 'change-report#chg_1', action: 'ESCALATED' }),
    ]);
    deps.clock.set('2026-02-20T15:00:00.000Z');
    expect(await escalateOverdueWork(deps)).toEqual({ case: 0, objection: 0, changeReport: 0 });
    expect(deps.store.audit).toHaveLength(3);
  });

  it('never touches the reseller’s eligibility', async () => {
    const { deps, reseller } = setup();
    deps.clock.set('2026-02-14T00:00:00.000Z');
    await escalateOverdueWork(deps);
    expect(deps.store.resellers.get(reseller.brn)).toEqual(reseller);
    expect(deps.store.feed).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { listApplications } from '../../../../shared/domain/applications/application-use-cases.js';
import { listCases } from '../../../../shared/domain/cases/case-opening.js';
import { ConflictError, NotFoundError } from '../../../../shared/domain/core/errors.js';
import { listObjections } from '../../../../shared/domain/objections/objection-queries.js';
import {
  assignApplication,
  assignCase,
  assignChangeReport,
  assignObjection,
} from '../../../../shared/domain/work-queues/assignment.js';
import { listChangeReportQueue } from '../../../../shared/domain/work-queues/queues.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { lifecycleState } from '../../../support/fakes-lifecycle.js';
import { openCase } from '../../../support/fakes-sanctions.js';
import { application, changeReport, objection } from './fixtures.js';

function setup() {
  const deps = fakeDeps();
  deps.clock.set('2026-01-20T00:00:00Z');
  const state = lifecycleState(deps.store);
  return { deps, state };
}

const ids = (page: { items: object[] }, key: string) =>
  page.items.map((i) => (i as Record<string, unknown>)[key]);

describe('assigning staff work', () => {
  it('assigns an application under review, with a history line and an audit entry naming both staff', async () => {
    const { deps } = setup();
    deps.store.applications.set('app_1', application('app_1', { assignee: 'lee' }));
    const after = await assignApplication(deps, principals.committee(), 'app_1', 'kim');
    expect(after).toMatchObject({ assignee: 'kim', revision: 4 });
    expect(deps.store.applications.get('app_1')?.assignee).toBe('kim');
    expect(after.history.at(-1)).toMatchObject({ decision: 'ASSIGNED', comment: 'kim' });
    expect(deps.store.audit).toEqual([
      {
        entity: 'application#app_1',
        at: '2026-01-20T00:00:00.000Z',
        actor: 'committee:sub-committee',
        action: 'ASSIGNED',
        detail: { assignee: 'kim', previous: 'lee' },
      },
    ]);
  });

  it('refuses (409) work that is no longer staff’s, and (404) an unknown item', async () => {
    const { deps, state } = setup();
    deps.store.applications.set('app_done', application('app_done', { status: 'APPROVED' }));
    const decided = openCase(deps.store);
    deps.store.cases.set(decided.caseId, { ...decided, status: 'DISMISSED' });
    state.objections.set('obj_done', objection('obj_done', { status: 'UPHELD' }));
    state.changeReports.set('chg_rec', changeReport('chg_rec', { status: 'RECORDED' }));
    const reviewer = principals.reviewer();
    await expect(assignApplication(deps, reviewer, 'app_done', 'kim')).rejects.toThrow(ConflictError);
    await expect(assignCase(deps, reviewer, decided.caseId, 'kim')).rejects.toThrow(ConflictError);
    await expect(assignObjection(deps, reviewer, 'obj_done', 'kim')).rejects.toThrow(ConflictError);
    await expect(assignChangeReport(deps, reviewer, 'chg_rec', 'kim')).rejects.toThrow(ConflictError);
    await expect(assignApplication(deps, reviewer, 'app_none', 'kim')).rejects.toThrow(NotFoundError);
    await expect(assignCase(deps, reviewer, 'case_none', 'kim')).rejects.toThrow(NotFoundError);
    await expect(assignObjection(deps, reviewer, 'obj_none', 'kim')).rejects.toThrow(NotFoundError);
    await expect(assignChangeReport(deps, reviewer, 'chg_none', 'kim')).rejects.toThrow(NotFoundError);
    expect(deps.store.audit).toEqual([]);
  });

  it('assigns an open case, a filed objection and a change report under review', async () => {
    const { deps, state } = setup();
    const c = openCase(deps.store);
    state.objections.set('obj_1', objection('obj_1'));
    state.changeReports.set('chg_1', changeReport('chg_1'));
    await assignCase(deps, principals.reviewer(), c.caseId, 'park');
    await assignObjection(deps, principals.committee(), 'obj_1', 'choi');
    await assignChangeReport(deps, principals.reviewer(), 'chg_1', 'park');
    expect(deps.store.cases.get(c.caseId)).toMatchObject({ assignee: 'park', revision: 2 });
    expect(state.objections.get('obj_1')).toMatchObject({ assignee: 'choi', revision: 2 });
    expect(state.changeReports.get('chg_1')?.history.at(-1)).toMatchObject({
      action: 'ASSIGNED',
      comment: 'park',
    });
    expect(deps.store.audit.map((a) => a.entity)).toEqual([
      `case#${c.caseId}`,
      'objection#obj_1',
      'change-report#chg_1',
    ]);
  });
});

describe('work-queue lists', () => {
  it('filter applications by assignee and by the due time of the staff step (a supplement is not staff’s)', async () => {
    const { deps } = setup();
    deps.store.applications.set('app_a', application('app_a', { assignee: 'kim' }));
    deps.store.applications.set(
      'app_b',
      application('app_b', { status: 'COMMITTEE_REVIEW', deadline: '2026-03-31T15:00:00.000Z' }),
    );
    deps.store.applications.set(
      'app_c',
      application('app_c', { status: 'SUPPLEMENT_REQUESTED', deadline: '2026-01-10T15:00:00.000Z' }),
    );
    const staff = principals.reviewer();
    const page = { limit: 10 };
    expect(ids(await listApplications(deps, staff, { assignee: 'kim' }, page), 'applicationId')).toEqual([
      'app_a',
    ]);
    expect(
      ids(
        await listApplications(deps, staff, { dueBefore: '2026-02-01T00:00:00.000Z' }, page),
        'applicationId',
      ),
    ).toEqual(['app_a']);
    // A reseller's own list ignores the staff filters.
    const own = await listApplications(deps, principals.reseller('2208162517'), { assignee: 'nobody' }, page);
    expect(own.items).toHaveLength(3);
  });

  it('filter cases, objections and change reports by status, assignee and due time', async () => {
    const { deps, state } = setup();
    const soon = openCase(deps.store);
    deps.store.cases.set(soon.caseId, { ...soon, dueAt: '2026-02-13T15:00:00.000Z', assignee: 'kim' });
    const late = openCase(deps.store, '1248100998', '2026-01-19T00:00:00.000Z');
    deps.store.cases.set(late.caseId, { ...late, dueAt: '2026-02-18T15:00:00.000Z' });
    state.objections.set('obj_1', objection('obj_1', { assignee: 'kim' }));
    state.objections.set('obj_2', objection('obj_2', { dueAt: '2026-03-01T15:00:00.000Z' }));
    state.changeReports.set('chg_1', changeReport('chg_1'));
    state.changeReports.set('chg_2', changeReport('chg_2', { status: 'ACCEPTED', assignee: 'kim' }));
    const staff = principals.committee();
    const page = { limit: 10 };
    const due = '2026-02-15T00:00:00.000Z';
    expect(ids(await listCases(deps, { status: 'OPEN', dueBefore: due }, page), 'caseId')).toEqual([
      soon.caseId,
    ]);
    expect(ids(await listCases(deps, { assignee: 'kim' }, page), 'caseId')).toEqual([soon.caseId]);
    expect(ids(await listObjections(deps, staff, { dueBefore: due }, page), 'objectionId')).toEqual([
      'obj_1',
    ]);
    expect(ids(await listObjections(deps, staff, { assignee: 'kim' }, page), 'objectionId')).toEqual([
      'obj_1',
    ]);
    expect(
      ids(
        await listChangeReportQueue(deps, staff, { status: 'UNDER_REVIEW', dueBefore: due }, page),
        'changeReportId',
      ),
    ).toEqual(['chg_1']);
    expect(
      ids(await listChangeReportQueue(deps, staff, { assignee: 'kim' }, page), 'changeReportId'),
    ).toEqual(['chg_2']);
  });
});

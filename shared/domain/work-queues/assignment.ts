import type { Application } from '../applications/application.js';
import type { ChangeReport } from '../change-reports/change-report.js';
import { ConflictError, NotFoundError } from '../core/errors.js';
import { actorOf, type Principal } from '../core/principal.js';
import type { Objection } from '../objections/objection.js';
import type { AuditEntry, Deps, RegistryCommit, SpamCase } from '../ports.js';
import { auditEntity, isOpenWork, type WorkItemKind } from './work-queue.js';

/**
 * `PUT /v1/{applications|cases|objections|change-reports}/{id}/assignee` (reviewer, committee):
 * the item is given to a member of staff. Work that is no longer staff's (decided, withdrawn,
 * closed) is a 409; an unknown item a 404. One conditional write with its audit entry.
 */
type AssignDeps<K extends keyof Deps> = Pick<Deps, K | 'registry' | 'clock'>;

function assignedAudit(
  kind: WorkItemKind,
  id: string,
  at: string,
  actor: string,
  assignee: string,
  previous?: string,
): AuditEntry {
  return {
    entity: auditEntity[kind](id),
    at,
    actor,
    action: 'ASSIGNED',
    detail: { assignee, previous: previous ?? null },
  };
}

function refuseClosed(kind: string, id: string, status: string): never {
  throw new ConflictError(`${kind} ${id} is ${status}; there is nothing to assign`);
}

export async function assignApplication(
  deps: AssignDeps<'applications'>,
  principal: Principal,
  applicationId: string,
  assignee: string,
): Promise<Application> {
  const before = await deps.applications.get(applicationId);
  if (!before) throw new NotFoundError(`no application ${applicationId}`);
  if (!isOpenWork.application(before)) refuseClosed('application', applicationId, before.status);
  const at = deps.clock.now().toISOString();
  const actor = actorOf(principal);
  const after: Application = {
    ...before,
    assignee,
    updatedAt: at,
    revision: before.revision + 1,
    history: [...before.history, { step: 'ASSIGNMENT', at, actor, decision: 'ASSIGNED', comment: assignee }],
  };
  await deps.registry.commit({
    application: { before, after },
    audit: [assignedAudit('application', applicationId, at, actor, assignee, before.assignee)],
  });
  return after;
}

export async function assignCase(
  deps: AssignDeps<'cases'>,
  principal: Principal,
  caseId: string,
  assignee: string,
): Promise<SpamCase> {
  const before = await deps.cases.get(caseId);
  if (!before) throw new NotFoundError(`no case ${caseId}`);
  if (!isOpenWork.case(before)) refuseClosed('case', caseId, before.status);
  const at = deps.clock.now().toISOString();
  const actor = actorOf(principal);
  const after: SpamCase = { ...before, assignee, revision: before.revision + 1 };
  await deps.registry.commit({
    spamCase: { before, after },
    audit: [assignedAudit('case', caseId, at, actor, assignee, before.assignee)],
  });
  return after;
}

async function assignRecord<T extends Objection | ChangeReport>(
  deps: Pick<Deps, 'registry' | 'clock'>,
  principal: Principal,
  kind: 'objection' | 'changeReport',
  id: string,
  before: T,
  assignee: string,
  write: (before: T, after: T) => NonNullable<RegistryCommit['records']>[number],
): Promise<T> {
  const at = deps.clock.now().toISOString();
  const actor = actorOf(principal);
  const after: T = {
    ...before,
    assignee,
    history: [...before.history, { at, actor, action: 'ASSIGNED', comment: assignee }],
    revision: before.revision + 1,
  };
  await deps.registry.commit({
    records: [write(before, after)],
    audit: [assignedAudit(kind, id, at, actor, assignee, before.assignee)],
  });
  return after;
}

export async function assignObjection(
  deps: AssignDeps<'objections'>,
  principal: Principal,
  objectionId: string,
  assignee: string,
): Promise<Objection> {
  const before = await deps.objections.get(objectionId);
  if (!before) throw new NotFoundError(`no objection ${objectionId}`);
  if (!isOpenWork.objection(before)) refuseClosed('objection', objectionId, before.status);
  return assignRecord(deps, principal, 'objection', objectionId, before, assignee, (b, a) => ({
    kind: 'objection',
    before: b,
    after: a,
  }));
}

export async function assignChangeReport(
  deps: AssignDeps<'changeReports'>,
  principal: Principal,
  changeReportId: string,
  assignee: string,
): Promise<ChangeReport> {
  const before = await deps.changeReports.get(changeReportId);
  if (!before) throw new NotFoundError(`no change report ${changeReportId}`);
  if (!isOpenWork.changeReport(before)) refuseClosed('change report', changeReportId, before.status);
  return assignRecord(deps, principal, 'changeReport', changeReportId, before, assignee, (b, a) => ({
    kind: 'changeReport',
    before: b,
    after: a,
  }));
}

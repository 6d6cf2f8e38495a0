import type { ChangeReport } from '../change-reports/change-report.js';
import { ConcurrentUpdateError } from '../core/errors.js';
import type { Objection } from '../objections/objection.js';
import type { AuditEntry, Deps, Page, PageRequest, RegistryCommit, SpamCase } from '../ports.js';
import { auditEntity, type WorkItemKind } from './work-queue.js';

/**
 * Staff lateness on cases, objections and change reports, as inspections handle it
 * (inspections/inspection-steps.ts): an item still undecided at its due time escalates once: it is
 * taken from its assignee back to the committee's queue, the audit trail records it, and the
 * caller feeds the alarm. The reseller's eligibility is never touched. Due times end at the end of
 * a KST day, which is when the daily sweep runs, so the sweep escalates them at their instant.
 * (Applications escalate in their own workflow: review/workflow-steps.ts `escalate`.)
 */
export type EscalationDeps = Pick<Deps, 'cases' | 'objections' | 'changeReports' | 'registry' | 'clock'>;

/** The kinds the sweep escalates (an application's workflow escalates its own steps). */
export const escalatedWorkKinds = ['case', 'objection', 'changeReport'] as const;
export type EscalationReport = Record<(typeof escalatedWorkKinds)[number], number>;

const PAGE = 100;

async function overdue<T extends { escalatedAt?: string; dueAt?: string }>(
  list: (page: PageRequest) => Promise<Page<T>>,
): Promise<T[]> {
  const found: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    found.push(...page.items.filter((i) => !i.escalatedAt && i.dueAt));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

function overdueAudit(
  kind: WorkItemKind,
  id: string,
  brn: string,
  dueAt: string,
  assignee: string | undefined,
  at: string,
): AuditEntry {
  return {
    entity: auditEntity[kind](id),
    at,
    actor: 'system',
    action: 'ESCALATED',
    detail: { brn, dueAt, assignee: assignee ?? null, to: 'committee' },
  };
}

/** Commits one escalation; an item decided or changed meanwhile is left alone (counted as not escalated). */
async function commitOnce(deps: Pick<Deps, 'registry'>, unit: RegistryCommit): Promise<boolean> {
  try {
    await deps.registry.commit(unit);
    return true;
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return false;
    throw error;
  }
}

function escalatedRecord<T extends Objection | ChangeReport>(item: T, at: string): T {
  const after: T = {
    ...item,
    escalatedAt: at,
    history: [
      ...item.history,
      {
        at,
        actor: 'system',
        action: 'ESCALATED',
        comment: `overdue since ${item.dueAt}; taken from ${item.assignee ?? 'nobody'} to the committee`,
      },
    ],
    revision: item.revision + 1,
  };
  delete after.assignee;
  return after;
}

/** Escalates every open case, objection and change report whose due time has passed. */
export async function escalateOverdueWork(deps: EscalationDeps): Promise<EscalationReport> {
  const now = deps.clock.now().toISOString();
  const report: EscalationReport = { case: 0, objection: 0, changeReport: 0 };

  for (const c of await overdue<SpamCase>((p) => deps.cases.list({ status: 'OPEN', dueBefore: now }, p))) {
    const after: SpamCase = { ...c, escalatedAt: now, revision: c.revision + 1 };
    delete after.assignee;
    const audit = overdueAudit('case', c.caseId, c.brn, c.dueAt!, c.assignee, now);
    if (await commitOnce(deps, { spamCase: { before: c, after }, audit: [audit] })) report.case++;
  }
  for (const o of await overdue<Objection>((p) =>
    deps.objections.list({ status: 'FILED', dueBefore: now }, p),
  )) {
    const audit = overdueAudit('objection', o.objectionId, o.brn, o.dueAt, o.assignee, now);
    const unit: RegistryCommit = {
      records: [{ kind: 'objection', before: o, after: escalatedRecord(o, now) }],
      audit: [audit],
    };
    if (await commitOnce(deps, unit)) report.objection++;
  }
  for (const r of await overdue<ChangeReport>((p) =>
    deps.changeReports.list({ status: 'UNDER_REVIEW', dueBefore: now }, p),
  )) {
    const audit = overdueAudit('changeReport', r.changeReportId, r.brn, r.dueAt!, r.assignee, now);
    const unit: RegistryCommit = {
      records: [{ kind: 'changeReport', before: r, after: escalatedRecord(r, now) }],
      audit: [audit],
    };
    if (await commitOnce(deps, unit)) report.changeReport++;
  }
  return report;
}

import type { ChangeReport } from '../../shared/domain/change-reports/change-report.js';
import { ConcurrentUpdateError } from '../../shared/domain/core/errors.js';
import type { Inspection } from '../../shared/domain/inspections/inspection.js';
import type { LifecycleDeps, LifecycleWrite } from '../../shared/domain/lifecycle-ports.js';
import type { Objection } from '../../shared/domain/objections/objection.js';
import type { AuditEntry, Page, PageRequest, RegistryCommit } from '../../shared/domain/ports.js';
import { dueBy } from '../../shared/domain/work-queues/work-queue.js';
import type { FakeStore } from './fakes.js';

interface LifecycleState {
  inspections: Map<string, Inspection>;
  changeReports: Map<string, ChangeReport>;
  objections: Map<string, Objection>;
  inspectionStarts: string[];
  renewalStarts: string[];
}

/** The lifecycle records of a fake store (tests inspect them). */
export function lifecycleState(store: FakeStore): LifecycleState {
  store.ext.lifecycle ??= {
    inspections: new Map(),
    changeReports: new Map(),
    objections: new Map(),
    inspectionStarts: [],
    renewalStarts: [],
  } satisfies LifecycleState;
  return store.ext.lifecycle as LifecycleState;
}

function page<T>(all: T[], req: PageRequest): Page<T> {
  const start = req.cursor ? Number(req.cursor) : 0;
  const items = all.slice(start, start + req.limit);
  const end = start + items.length;
  return { items, ...(end < all.length ? { nextCursor: String(end) } : {}) };
}

function slot(
  store: FakeStore,
  state: LifecycleState,
  w: LifecycleWrite,
): [Map<string, { revision: number }>, string] {
  switch (w.kind) {
    case 'objection':
      return [state.objections, w.after.objectionId];
    case 'sanction':
      return [store.sanctions, w.after.sanctionId];
    case 'inspection':
      return [state.inspections, w.after.inspectionId];
    case 'changeReport':
      return [state.changeReports, w.after.changeReportId];
  }
}

/** The fake commit's part for `records`: revision guards first (throwing leaves nothing written). */
export function guardLifecycle(store: FakeStore, unit: RegistryCommit) {
  const state = lifecycleState(store);
  for (const w of unit.records ?? []) {
    const [map, id] = slot(store, state, w);
    if ((map.get(id)?.revision ?? undefined) !== (w.before?.revision ?? undefined))
      throw new ConcurrentUpdateError('revision moved');
  }
}

export function applyLifecycle(store: FakeStore, unit: RegistryCommit) {
  const state = lifecycleState(store);
  for (const w of unit.records ?? []) {
    const [map, id] = slot(store, state, w);
    map.set(id, structuredClone(w.after));
  }
}

const byTimeDesc = (a: AuditEntry, b: AuditEntry) => b.at.localeCompare(a.at);
const copy = <T>(x: T): T => structuredClone(x);

export function lifecycleFakes(store: FakeStore): LifecycleDeps {
  const state = lifecycleState(store);
  return {
    audits: {
      list: async (q, req) =>
        page(
          store.audit
            .filter((a) => (!q.entity || a.entity === q.entity) && a.at >= q.from && a.at <= q.to)
            .sort(byTimeDesc),
          req,
        ),
    },
    inspections: {
      get: async (id) => copy(state.inspections.get(id)),
      list: async (f, req) =>
        page(
          [...state.inspections.values()]
            .filter(
              (i) =>
                (!f.brn || i.brn === f.brn) &&
                (!f.status || i.status === f.status) &&
                (!f.assignee || i.assignee === f.assignee) &&
                (!f.dueBefore || i.dueAt <= f.dueBefore),
            )
            .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
            .map(copy),
          req,
        ),
    },
    inspectionWorkflows: {
      start: async (id) => {
        if (!state.inspectionStarts.includes(id)) state.inspectionStarts.push(id);
      },
    },
    changeReports: {
      get: async (id) => copy(state.changeReports.get(id)),
      listByReseller: async (brn, req) =>
        page(
          [...state.changeReports.values()]
            .filter((c) => c.brn === brn)
            .sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))
            .map(copy),
          req,
        ),
      list: async (f, req) =>
        page(
          [...state.changeReports.values()]
            .filter(
              (c) =>
                (!f.status || c.status === f.status) &&
                (!f.assignee || c.assignee === f.assignee) &&
                dueBy(c.dueAt, f.dueBefore),
            )
            .sort((a, b) => a.reportedAt.localeCompare(b.reportedAt))
            .map(copy),
          req,
        ),
      listByStatus: async (status, req) =>
        page([...state.changeReports.values()].filter((c) => c.status === status).map(copy), req),
    },
    renewalWorkflows: {
      start: async ({ certificateId }) => {
        if (!state.renewalStarts.includes(certificateId)) state.renewalStarts.push(certificateId);
      },
    },
    objections: {
      get: async (id) => copy(state.objections.get(id)),
      list: async (f, req) =>
        page(
          [...state.objections.values()]
            .filter(
              (o) =>
                (!f.brn || o.brn === f.brn) &&
                (!f.status || o.status === f.status) &&
                (!f.assignee || o.assignee === f.assignee) &&
                dueBy(o.dueAt, f.dueBefore),
            )
            .sort((a, b) => b.filedAt.localeCompare(a.filedAt))
            .map(copy),
          req,
        ),
    },
  };
}

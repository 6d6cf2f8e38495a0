import { ConflictError } from '../core/errors.js';
import { actorOf, isStaff, type Principal } from '../core/principal.js';
import type { Deps, Page, PageRequest } from '../ports.js';
import type { Inspection } from './inspection.js';
import { readInspection } from './inspection-decisions.js';
import type { InspectionFilter } from './ports.js';

/** What a caller sees of an inspection: who it is assigned to is staff business. */
export function inspectionView(i: Inspection, principal: Principal, detail: boolean) {
  const { revision: _revision, history, assignee, ...rest } = i;
  return {
    ...rest,
    ...(isStaff(principal) && assignee ? { assignee } : {}),
    ...(detail ? { history } : {}),
  };
}

/** `GET /v1/inspections`: staff work queue, soonest due first. */
export async function listInspections(
  deps: Pick<Deps, 'inspections'>,
  principal: Principal,
  filter: InspectionFilter,
  page: PageRequest,
) {
  const result = await deps.inspections.list(filter, page);
  return {
    items: result.items.map((i) => inspectionView(i, principal, false)),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

export async function getInspection(deps: Pick<Deps, 'inspections'>, principal: Principal, id: string) {
  return inspectionView(await readInspection(deps, principal, id), principal, true);
}

const CLOSED = new Set<Inspection['status']>(['PASSED', 'FAILED', 'REFUSED']);

/** `PUT /v1/inspections/{id}/assignee`: a decided visit is no one's work any more (409). */
export async function assignInspection(
  deps: Pick<Deps, 'inspections' | 'registry' | 'clock'>,
  principal: Principal,
  inspectionId: string,
  assignee: string,
): Promise<Inspection> {
  const before = await readInspection(deps, principal, inspectionId);
  if (CLOSED.has(before.status)) {
    throw new ConflictError(`inspection ${inspectionId} is ${before.status}; there is nothing to assign`);
  }
  const at = deps.clock.now().toISOString();
  const actor = actorOf(principal);
  const after: Inspection = {
    ...before,
    assignee,
    history: [...before.history, { at, actor, action: 'ASSIGNED', comment: assignee }],
    updatedAt: at,
    revision: before.revision + 1,
  };
  await deps.registry.commit({
    records: [{ kind: 'inspection', before, after }],
    audit: [
      {
        entity: `inspection#${inspectionId}`,
        at,
        actor,
        action: 'ASSIGNED',
        detail: { assignee, previous: before.assignee ?? null },
      },
    ],
  });
  return after;
}

export type InspectionPage = Page<ReturnType<typeof inspectionView>>;
export type { PageRequest };

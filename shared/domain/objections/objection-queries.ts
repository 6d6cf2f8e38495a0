import { isStaff, type Principal } from '../core/principal.js';
import type { Deps, PageRequest } from '../ports.js';
import type { WorkQueueFilter } from '../work-queues/work-queue.js';
import type { ObjectionStatus } from './objection.js';
import { objectionView } from './objection-use-cases.js';

/** `GET /v1/objections`: staff see every reseller's (filter by brn); a reseller only its own. */
export async function listObjections(
  deps: Pick<Deps, 'objections'>,
  principal: Principal,
  filter: { status?: ObjectionStatus; brn?: string } & WorkQueueFilter,
  page: PageRequest,
) {
  const brn = isStaff(principal) ? filter.brn : principal.brn;
  if (!brn && !isStaff(principal)) return { items: [] };
  // `assignee` and `dueBefore` are the staff work queue's filters; a reseller's list ignores them.
  const queue = isStaff(principal)
    ? {
        ...(filter.assignee ? { assignee: filter.assignee } : {}),
        ...(filter.dueBefore ? { dueBefore: filter.dueBefore } : {}),
      }
    : {};
  const result = await deps.objections.list(
    { ...(brn ? { brn } : {}), ...(filter.status ? { status: filter.status } : {}), ...queue },
    page,
  );
  return {
    items: result.items.map((o) => objectionView(o, principal)),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

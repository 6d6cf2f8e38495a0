import type { ChangeReportStatus } from '../change-reports/change-report.js';
import { changeReportView } from '../change-reports/change-report-use-cases.js';
import type { Principal } from '../core/principal.js';
import type { Deps, PageRequest } from '../ports.js';
import type { WorkQueueFilter } from './work-queue.js';

/** `GET /v1/change-reports` (staff): every reseller's reports, oldest first; the review queue. */
export async function listChangeReportQueue(
  deps: Pick<Deps, 'changeReports'>,
  principal: Principal,
  filter: { status?: ChangeReportStatus } & WorkQueueFilter,
  page: PageRequest,
) {
  const result = await deps.changeReports.list(filter, page);
  return {
    items: result.items.map((r) => changeReportView(r, principal)),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

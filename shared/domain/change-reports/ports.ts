import type { Page, PageRequest } from '../core/paging.js';
import type { WorkQueueFilter } from '../work-queues/work-queue.js';
import type { ChangeReport, ChangeReportStatus } from './change-report.js';

export interface ChangeReportRepository {
  get(changeReportId: string): Promise<ChangeReport | undefined>;
  /** A reseller's reports, newest first. */
  listByReseller(brn: string, page: PageRequest): Promise<Page<ChangeReport>>;
  /** The review queue: by status, oldest first. */
  listByStatus(status: ChangeReportStatus, page: PageRequest): Promise<Page<ChangeReport>>;
  /** Every reseller's reports, oldest first (the staff work queue). */
  list(
    filter: { status?: ChangeReportStatus } & WorkQueueFilter,
    page: PageRequest,
  ): Promise<Page<ChangeReport>>;
}

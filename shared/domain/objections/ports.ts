import type { Page, PageRequest } from '../core/paging.js';
import type { WorkQueueFilter } from '../work-queues/work-queue.js';
import type { Objection, ObjectionStatus } from './objection.js';

export interface ObjectionRepository {
  get(objectionId: string): Promise<Objection | undefined>;
  /** Newest first; by reseller, by status, or all; `assignee` and `dueBefore` narrow a work queue. */
  list(
    filter: { brn?: string; status?: ObjectionStatus } & WorkQueueFilter,
    page: PageRequest,
  ): Promise<Page<Objection>>;
}

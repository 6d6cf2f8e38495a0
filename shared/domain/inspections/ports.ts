import type { Page, PageRequest } from '../core/paging.js';
import type { Inspection, InspectionStatus } from './inspection.js';

export interface InspectionFilter {
  brn?: string;
  status?: InspectionStatus;
  assignee?: string;
  /** Only those due at or before this instant (work queues). */
  dueBefore?: string;
}

export interface InspectionRepository {
  get(inspectionId: string): Promise<Inspection | undefined>;
  /** By due date, soonest first. */
  list(filter: InspectionFilter, page: PageRequest): Promise<Page<Inspection>>;
}

/** The inspection workflow of one visit (Step Functions; execution named after the inspection). */
export interface InspectionWorkflow {
  /** Starts the execution named after the inspection; one already started counts as started. */
  start(inspectionId: string): Promise<void>;
}

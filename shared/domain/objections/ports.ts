import type { Page, PageRequest } from '../core/paging.js';
import type { Objection, ObjectionStatus } from './objection.js';

export interface ObjectionRepository {
  get(objectionId: string): Promise<Objection | undefined>;
  /** Newest first; by reseller, by status, or all. */
  list(filter: { brn?: string; status?: ObjectionStatus }, page: PageRequest): Promise<Page<Objection>>;
}

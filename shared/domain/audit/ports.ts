import type { Page, PageRequest } from '../core/paging.js';
import type { AuditEntry } from './audit-entry.js';

/** A window of the audit trail: one entity's entries, or every entity's, between two instants. */
export interface AuditQuery {
  entity?: string;
  /** Inclusive bounds (ISO instants). */
  from: string;
  to: string;
}

/**
 * Reads the append-only audit trail, newest first. Entries are written only inside the registry's
 * commits (and the policy/relay writes); this port has no way to change or remove one.
 */
export interface AuditRepository {
  list(query: AuditQuery, page: PageRequest): Promise<Page<AuditEntry>>;
}

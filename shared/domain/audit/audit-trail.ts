import { ValidationError } from '../core/errors.js';
import type { AuditEntry, Deps, Page, PageRequest } from '../ports.js';

/** The trail starts before the programme did: an open `from` reads everything. */
export const AUDIT_EPOCH = '2024-01-01T00:00:00.000Z';

export interface AuditFilter {
  entity?: string;
  from?: string;
  to?: string;
}

/**
 * `GET /v1/audit`: who did what, when and why, newest first. `to` defaults to now, `from` to the
 * start of the trail; a window that ends before it starts is refused naming the field.
 */
export async function listAudit(
  deps: Pick<Deps, 'audits' | 'clock'>,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditEntry>> {
  const to = filter.to ?? deps.clock.now().toISOString();
  const from = filter.from ?? AUDIT_EPOCH;
  if (from > to) {
    throw new ValidationError('the audit window ends before it starts', [
      { path: 'query.from', message: 'must not be after `to`' },
    ]);
  }
  return deps.audits.list({ ...(filter.entity ? { entity: filter.entity } : {}), from, to }, page);
}

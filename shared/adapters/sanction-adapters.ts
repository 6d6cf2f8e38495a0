import type { SanctionDeps } from '../domain/sanction-ports.js';

/** Production adapters of the sanctions/notices ports (see shared/domain/sanction-ports.ts). */
export function sanctionAdapters(): SanctionDeps {
  return {};
}

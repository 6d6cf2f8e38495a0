import type { SanctionDeps } from '../../shared/domain/sanction-ports.js';
import type { FakeStore } from './fakes.js';

/** In-memory fakes of the sanctions/notices ports, over the shared fake store. */
export function sanctionFakes(_store: FakeStore): SanctionDeps {
  return {};
}

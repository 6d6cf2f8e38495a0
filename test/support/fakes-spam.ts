import type { SpamDeps } from '../../shared/domain/spam-ports.js';
import type { FakeStore } from './fakes.js';

/** In-memory fakes of the spam intake ports, over the shared fake store. */
export function spamFakes(_store: FakeStore): SpamDeps {
  return {};
}

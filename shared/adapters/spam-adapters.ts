import type { SpamDeps } from '../domain/spam-ports.js';

/** Production adapters of the spam intake ports (see shared/domain/spam-ports.ts). */
export function spamAdapters(): SpamDeps {
  return {};
}

import type { Deps } from '../domain/ports.js';
import { compose, corePorts } from './deps.js';
import { sanctionAdapters } from './sanction-adapters.js';
import { workflowPorts } from './sfn/review-workflow.js';
import { spamAdapters } from './spam-adapters.js';

let all: Deps | undefined;

/** Every production adapter (for functions that need most of them; most wire less). */
export function appDeps(): Deps {
  all ??= compose(corePorts(), workflowPorts(), spamAdapters(), sanctionAdapters());
  return all;
}

import type { SpamDeps } from '../domain/spam/ports.js';
import { spamStorePorts } from './dynamodb/spam-deps.js';
import { spamQueuePorts } from './sqs/spam-report-queue.js';

/**
 * Production adapters of the spam intake ports (see shared/domain/spam/ports.ts), all of them.
 * Functions wire less: `spamIntakeDeps()` (SQS only, shared/adapters/sqs/spam-report-queue.ts)
 * or `spamStoreDeps()` (DynamoDB only, shared/adapters/dynamodb/spam-deps.ts).
 */
export function spamAdapters(): SpamDeps {
  return { ...spamStorePorts(), ...spamQueuePorts() };
}

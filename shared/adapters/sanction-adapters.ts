import type { SanctionDeps } from '../domain/sanctions/ports.js';
import { type CorePorts, compose, corePorts } from './deps.js';
import { DynamoNoticeRepository } from './dynamodb/notice-repository.js';

let ports: SanctionDeps | undefined;

/**
 * Production adapters of the sanctions/notices ports (see shared/domain/sanctions/ports.ts): the
 * outbox repository. The queue, webhook and secret adapters are built only by the functions that
 * use them (shared/adapters/sqs, webhooks, secrets).
 */
export function sanctionAdapters(): SanctionDeps {
  ports ??= { notices: new DynamoNoticeRepository() };
  return ports;
}

let withNotices: (CorePorts & SanctionDeps) | undefined;

/** The DynamoDB core plus the outbox: for the functions that read or deliver notices (and the sweep). */
export function noticeDeps(): CorePorts & SanctionDeps {
  withNotices ??= compose(corePorts(), sanctionAdapters());
  return withNotices;
}

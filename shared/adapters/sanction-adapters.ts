import type { SanctionDeps } from '../domain/sanctions/ports.js';
import { compose, corePorts, lazily } from './deps.js';
import { DynamoNoticeRepository } from './dynamodb/notice-repository.js';

/**
 * Production adapters of the sanctions/notices ports (see shared/domain/sanctions/ports.ts): the
 * outbox repository. The queue, webhook and secret adapters are built only by the functions that
 * use them (shared/adapters/sqs, webhooks, secrets).
 */
export const sanctionAdapters = lazily((): SanctionDeps => ({ notices: new DynamoNoticeRepository() }));

/** The DynamoDB core plus the outbox: for the functions that read or deliver notices (and the sweep). */
export const noticeDeps = lazily(() => compose(corePorts(), sanctionAdapters()));

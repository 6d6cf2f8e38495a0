import type { SQSRecord } from 'aws-lambda';
import { lazily } from '../../shared/adapters/deps.js';
import { noticeDeps } from '../../shared/adapters/sanction-adapters.js';
import { relaySecretStore } from '../../shared/adapters/secrets/relay-secret-store.js';
import { changeNoticeVisibility, noticeQueueUrl } from '../../shared/adapters/sqs/notice-queue.js';
import { StandardWebhookSender } from '../../shared/adapters/webhooks/standard-webhook-sender.js';
import { batchHandler, RetryLaterError } from '../../shared/batch/batch-handler.js';
import { env } from '../../shared/config/env.js';
import { type DeliveryOutcome, deliverNotice } from '../../shared/domain/notices/delivery.js';
import type { DeliveryPorts } from '../../shared/domain/notices/ports.js';
import { logger } from '../../shared/observability.js';

export interface DeliverNoticeWiring {
  deps: () => Parameters<typeof deliverNotice>[0];
  ports: () => DeliveryPorts;
  /** Holds the message back for `seconds` (ChangeMessageVisibility). */
  holdBack: (record: SQSRecord, seconds: number) => Promise<void>;
  allowLocalHttp: () => boolean;
}

function noticeIdOf(record: SQSRecord): string | undefined {
  try {
    const body = JSON.parse(record.body) as { noticeId?: unknown };
    return typeof body.noticeId === 'string' && body.noticeId.length <= 200 ? body.noticeId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Delivers notices from the fan-out queue (batch of up to ten, in parallel). Retries follow the
 * schedule in shared/domain/notices/delivery.ts: a failed attempt is reported as a batch item failure after
 * its visibility is set to the next gap (ChangeMessageVisibility, at most 12 h), so the same message
 * comes back when the next attempt is due. When the last attempt fails the notice is FAILED and the
 * message is released at once (visibility 0) until SQS moves it to the DLQ (maxReceiveCount), where
 * an alarm fires.
 */
export function deliverNoticeHandler(wiring: DeliverNoticeWiring) {
  /** The message comes back after `holdSeconds` (if given): the record is reported as failed. */
  const comeBack = async (record: SQSRecord, error: Error, holdSeconds?: number): Promise<never> => {
    if (holdSeconds !== undefined) {
      try {
        await wiring.holdBack(record, holdSeconds);
      } catch (holdError) {
        // The message then returns after the queue's visibility timeout: sooner, never lost.
        logger.warn('could not change message visibility', { error: (holdError as Error).name });
      }
    }
    throw error;
  };
  return batchHandler({
    source: 'sqs',
    name: 'deliver-notice',
    record: async (record) => {
      const noticeId = noticeIdOf(record);
      if (!noticeId) {
        return comeBack(record, new Error('malformed notice message; it goes to the DLQ'), 0);
      }
      // A thrown delivery error is not caught: the queue retries it after its visibility timeout.
      const outcome: DeliveryOutcome = await deliverNotice(wiring.deps(), wiring.ports(), noticeId, {
        allowLocalHttp: wiring.allowLocalHttp(),
      });
      logger.info('notice delivery', { ...outcome });
      switch (outcome.outcome) {
        case 'RETRY':
          return comeBack(
            record,
            new RetryLaterError(`next attempt in ${outcome.delaySeconds} s`),
            outcome.delaySeconds,
          );
        case 'EXHAUSTED':
          return comeBack(record, new RetryLaterError('every attempt failed; it goes on to the DLQ'), 0);
        case 'ALREADY_FAILED':
          return outcome.deadLetter
            ? comeBack(record, new RetryLaterError('the notice has failed; it goes on to the DLQ'), 0)
            : undefined;
        default:
          return undefined;
      }
    },
  });
}

export const handler = deliverNoticeHandler({
  deps: noticeDeps,
  ports: lazily(
    (): DeliveryPorts => ({
      webhooks: new StandardWebhookSender(env().WEBHOOK_TIMEOUT_MS),
      secrets: relaySecretStore(),
    }),
  ),
  holdBack: (record, seconds) =>
    changeNoticeVisibility(noticeQueueUrl(record.eventSourceARN), record.receiptHandle, seconds),
  allowLocalHttp: () => env().STAGE === 'local',
});

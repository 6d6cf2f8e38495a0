import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { noticeDeps } from '../../shared/adapters/sanction-adapters.js';
import { relaySecretStore } from '../../shared/adapters/secrets/relay-secret-store.js';
import { changeNoticeVisibility, noticeQueueUrl } from '../../shared/adapters/sqs/notice-queue.js';
import { StandardWebhookSender } from '../../shared/adapters/webhooks/standard-webhook-sender.js';
import { env } from '../../shared/config/env.js';
import { type DeliveryOutcome, deliverNotice } from '../../shared/domain/notices/delivery.js';
import type { DeliveryPorts } from '../../shared/domain/notices/ports.js';
import { logger } from '../../shared/http/logger.js';

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
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: string[] = [];
    const fail = async (record: SQSRecord, holdSeconds?: number) => {
      failures.push(record.messageId);
      if (holdSeconds === undefined) return;
      try {
        await wiring.holdBack(record, holdSeconds);
      } catch (error) {
        // The message then returns after the queue's visibility timeout: sooner, never lost.
        logger.warn('could not change message visibility', { error: (error as Error).name });
      }
    };
    await Promise.all(
      event.Records.map(async (record) => {
        const noticeId = noticeIdOf(record);
        if (!noticeId) {
          logger.error('malformed notice message; it goes to the DLQ', { messageId: record.messageId });
          return fail(record, 0);
        }
        let outcome: DeliveryOutcome;
        try {
          outcome = await deliverNotice(wiring.deps(), wiring.ports(), noticeId, {
            allowLocalHttp: wiring.allowLocalHttp(),
          });
        } catch (error) {
          logger.warn('notice delivery errored; the queue retries it', {
            noticeId,
            error: (error as Error).name,
          });
          return fail(record);
        }
        logger.info('notice delivery', { ...outcome });
        switch (outcome.outcome) {
          case 'RETRY':
            return fail(record, outcome.delaySeconds);
          case 'EXHAUSTED':
            return fail(record, 0);
          case 'ALREADY_FAILED':
            return outcome.deadLetter ? fail(record, 0) : undefined;
          default:
            return undefined;
        }
      }),
    );
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

let ports: DeliveryPorts | undefined;

export const handler = deliverNoticeHandler({
  deps: noticeDeps,
  ports: () => {
    ports ??= { webhooks: new StandardWebhookSender(env().WEBHOOK_TIMEOUT_MS), secrets: relaySecretStore() };
    return ports;
  },
  holdBack: (record, seconds) =>
    changeNoticeVisibility(noticeQueueUrl(record.eventSourceARN), record.receiptHandle, seconds),
  allowLocalHttp: () => env().STAGE === 'local',
});

import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { spamIntakeStoreDeps } from '../../shared/adapters/dynamodb/spam-deps.js';
import { ingestSpamReports, type ReportMessage } from '../../shared/domain/spam/queued-report-attribution.js';
import { logger } from '../../shared/http/logger.js';
import { spamReportMessageSchema } from '../../shared/schemas/spam.js';

/** A message that can never be processed: it fails every receive and ends in the DLQ (alarm). */
class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
}

function parse(record: SQSRecord): ReportMessage {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    throw new PoisonMessageError('the message body is not JSON');
  }
  const parsed = spamReportMessageSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [
      ...new Set(parsed.error.issues.map((i) => i.path.filter((p) => typeof p === 'string').join('.'))),
    ];
    throw new PoisonMessageError(`the message is not a spam report batch (${fields.join(', ')})`);
  }
  return { id: record.messageId, reports: parsed.data.reports };
}

/**
 * The SQS consumer of the spam-report queue (batch of up to 10 messages × 100 reports): attributes
 * and records the reports (counting and case checks follow from the table's stream, in
 * count-spam-reports). It reports partial batch failures: only messages whose reports were not all
 * recorded come back. Idempotent by reportId. Logs carry counts and ids only, never digests or
 * phone numbers.
 */
export function consumeSpamReports(
  depsProvider: () => Parameters<typeof ingestSpamReports>[0] = spamIntakeStoreDeps,
) {
  return middy<SQSEvent, unknown>()
    .use(
      sqsPartialBatchFailure({
        logger: (reason: unknown, record: SQSRecord) =>
          logger.warn('spam report message not processed; it will be delivered again', {
            messageId: record.messageId,
            receiveCount: record.attributes?.ApproximateReceiveCount,
            error: (reason as Error)?.name,
            detail: (reason as Error)?.message,
          }),
      }),
    )
    .handler(async (event: SQSEvent): Promise<PromiseSettledResult<void>[]> => {
      const parsed = event.Records.map((record) => {
        try {
          return { ok: true as const, message: parse(record) };
        } catch (error) {
          return { ok: false as const, error: error as Error };
        }
      });
      const messages = parsed.flatMap((p) => (p.ok ? [p.message] : []));
      const result =
        messages.length > 0
          ? await ingestSpamReports(depsProvider(), messages)
          : { failedMessages: new Map<string, Error>(), recorded: 0, failed: 0 };
      logger.info('spam reports consumed', {
        messages: event.Records.length,
        recorded: result.recorded,
        failed: result.failed,
      });
      return parsed.map((p, i): PromiseSettledResult<void> => {
        if (!p.ok) return { status: 'rejected', reason: p.error };
        const failure = result.failedMessages.get(event.Records[i]!.messageId);
        return failure ? { status: 'rejected', reason: failure } : { status: 'fulfilled', value: undefined };
      });
    }) as unknown as (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
}

export const handler = consumeSpamReports();

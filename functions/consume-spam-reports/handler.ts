import type { SQSRecord } from 'aws-lambda';
import { spamIntakeStoreDeps } from '../../shared/adapters/dynamodb/spam-deps.js';
import { batchHandler } from '../../shared/batch/batch-handler.js';
import { ingestSpamReports, type ReportMessage } from '../../shared/domain/spam/queued-report-attribution.js';
import { logger } from '../../shared/observability.js';
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
 * and records the reports of the whole batch at once (counting and case checks follow from the
 * table's stream, in count-spam-reports). Only messages whose reports were not all recorded come
 * back (partial batch response); a message that is not a report batch fails every receive and ends
 * in the DLQ (alarm). Idempotent by reportId. Logs carry counts and ids only, never digests or
 * phone numbers.
 */
export function consumeSpamReports(
  depsProvider: () => Parameters<typeof ingestSpamReports>[0] = spamIntakeStoreDeps,
) {
  return batchHandler({
    source: 'sqs',
    name: 'consume-spam-reports',
    batch: async (records) => {
      const failed = new Map<SQSRecord, unknown>();
      const messages: ReportMessage[] = [];
      for (const record of records) {
        try {
          messages.push(parse(record));
        } catch (error) {
          failed.set(record, error);
        }
      }
      const result =
        messages.length > 0
          ? await ingestSpamReports(depsProvider(), messages)
          : { failedMessages: new Map<string, Error>(), recorded: 0, failed: 0 };
      logger.info('spam reports consumed', {
        messages: records.length,
        recorded: result.recorded,
        failed: result.failed,
      });
      for (const record of records) {
        const failure = result.failedMessages.get(record.messageId);
        if (failure) failed.set(record, failure);
      }
      return { failed };
    },
  });
}

export const handler = consumeSpamReports();

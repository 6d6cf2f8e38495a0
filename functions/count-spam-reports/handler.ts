import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { spamIntakeStoreDeps } from '../../shared/adapters/dynamodb/spam-deps.js';
import type { AttributedReport } from '../../shared/domain/spam/attribution.js';
import { CountingFailedError, countSpamReports, type FirstWrite } from '../../shared/domain/spam/counting.js';
import { logger } from '../../shared/http/logger.js';

/** The string attributes of a stream image: all counting needs (no unmarshalling library). */
function strings(image: Record<string, AttributeValue> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(image ?? {})) if (typeof v?.S === 'string') out[k] = v.S;
  return out;
}

/** A report's first write (INSERT); anything else in the batch is not counted. */
function firstWrite(record: DynamoDBRecord): FirstWrite | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const item = strings(record.dynamodb?.NewImage);
  if (item.entity !== 'spam-report' || !item.reportId || !item.receivedAt || !item.category) return undefined;
  const report = {
    reportId: item.reportId,
    category: item.category,
    receivedAt: item.receivedAt,
    attribution: item.attribution ?? 'NONE',
    ...(item.relayId ? { relayId: item.relayId } : {}),
    ...(item.brn ? { brn: item.brn } : {}),
  } as AttributedReport;
  return { sequence: record.dynamodb?.SequenceNumber ?? '', report };
}

/**
 * Counts spam reports from the registry table's stream (first writes only), a batch at a time:
 * its counters and a marker of the batch commit in one transaction, so a redelivered batch counts
 * nothing twice; then the case of each reseller it touched is checked. When counting stops part
 * way, the stream retries from the first record not counted (ReportBatchItemFailures); when a case
 * check fails, the whole batch comes back (its counts are found already done) and checks again.
 */
export function countSpamReportsHandler(
  depsProvider: () => Parameters<typeof countSpamReports>[0] = spamIntakeStoreDeps,
) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const writes = event.Records.flatMap((r) => firstWrite(r) ?? []);
    if (writes.length === 0) return { batchItemFailures: [] };
    try {
      const result = await countSpamReports(depsProvider(), writes);
      logger.info('spam reports counted', {
        records: event.Records.length,
        counted: result.counted,
        seen: result.seen,
        casesOpened: result.cases.filter((c) => c.outcome === 'OPENED').length,
        failedChecks: result.failedChecks.size,
      });
      if (result.failedChecks.size === 0) return { batchItemFailures: [] };
      logger.warn('spam case checks failed; the batch comes back', {
        resellers: result.failedChecks.size,
        error: [...result.failedChecks.values()][0]?.name,
      });
      return { batchItemFailures: [{ itemIdentifier: writes[0]!.sequence }] };
    } catch (error) {
      if (!(error instanceof CountingFailedError)) throw error;
      logger.warn('spam reports not counted; the stream retries from the first one not counted', {
        error: (error.cause as Error)?.name,
      });
      return { batchItemFailures: [{ itemIdentifier: error.sequence }] };
    }
  };
}

export const handler = countSpamReportsHandler();

import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { spamIntakeStoreDeps } from '../../shared/adapters/dynamodb/spam-deps.js';
import { batchHandler } from '../../shared/batch/batch-handler.js';
import type { AttributedReport } from '../../shared/domain/spam/attribution.js';
import { CountingFailedError, countSpamReports, type FirstWrite } from '../../shared/domain/spam/counting.js';
import { logger } from '../../shared/observability.js';

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
 * way, the stream resumes at the first record not counted (the wrapper reports it and every record
 * after it); when a case check fails, the batch comes back from its first report (its counts are
 * found already done) and checks again.
 */
export function countSpamReportsHandler(
  depsProvider: () => Parameters<typeof countSpamReports>[0] = spamIntakeStoreDeps,
) {
  return batchHandler({
    source: 'stream',
    name: 'count-spam-reports',
    batch: async (records) => {
      const counted = records.flatMap((record) => {
        const write = firstWrite(record);
        return write ? [{ record, write }] : [];
      });
      if (counted.length === 0) return {};
      const recordAt = (sequence: string) =>
        counted.find((c) => c.write.sequence === sequence)?.record ?? counted[0]!.record;
      try {
        const result = await countSpamReports(
          depsProvider(),
          counted.map((c) => c.write),
        );
        logger.info('spam reports counted', {
          records: records.length,
          counted: result.counted,
          seen: result.seen,
          casesOpened: result.cases.filter((c) => c.outcome === 'OPENED').length,
          failedChecks: result.failedChecks.size,
        });
        if (result.failedChecks.size === 0) return {};
        const [firstFailure] = result.failedChecks.values();
        return { failed: new Map([[counted[0]!.record, firstFailure]]) };
      } catch (error) {
        if (!(error instanceof CountingFailedError)) throw error;
        return { failed: new Map([[recordAt(error.sequence), error.cause ?? error]]) };
      }
    },
  });
}

export const handler = countSpamReportsHandler();

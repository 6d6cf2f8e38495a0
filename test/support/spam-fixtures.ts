import { createHash } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import type { SpamReport } from '../../shared/domain/spam/attribution.js';

/** A content digest as monitors send it (never the content). */
export const digest = (seed: string | number) =>
  `sha256:${createHash('sha256').update(String(seed)).digest('hex')}`;

/** One well-formed report (the contract's spam report); `i` makes the reportId and digest unique. */
export function spamReport(
  i: number,
  over: { [K in keyof SpamReport]?: unknown } & Record<string, unknown> = {},
): SpamReport {
  return {
    reportId: `KISA-${String(i).padStart(8, '0')}`,
    source: 'KISA_118',
    receivedAt: '2026-01-15T00:00:00.000Z',
    senderNumber: '0212345678',
    firstSenderCode: 'FS1234',
    relayId: 'kt',
    category: 'GAMBLING',
    contentDigest: digest(i),
    ...over,
  } as SpamReport;
}

/**
 * `n` reports; `each(i)` varies them (reseller code, relay, category...). A burst for one reseller:
 * `spamReports(10_000, () => ({ firstSenderCode: 'FS1234', receivedAt: now }))`, then POST them
 * 500 per call.
 */
export function spamReports(
  n: number,
  each: (i: number) => Partial<SpamReport> = () => ({}),
  start = 0,
): SpamReport[] {
  return Array.from({ length: n }, (_, k) => spamReport(start + k, each(start + k)));
}

/** An SQS event of the given message bodies, as the event source mapping delivers it. */
export function sqsEvent(bodies: readonly string[], receiveCount = 1): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `msg-${i}`,
      receiptHandle: `rh-${i}`,
      body,
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        SentTimestamp: '1736000000000',
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: '1736000000000',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-northeast-2:000000000000:spam-reports',
      awsRegion: 'ap-northeast-2',
    })),
  };
}

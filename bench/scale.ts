import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { createTables } from '../infra/local/tables.js';
import type { SpamReport } from '../shared/domain/spam/attribution.js';
import { lambdaContext } from '../test/support/events.js';
import { spamReports, sqsEvent } from '../test/support/spam-fixtures.js';
import { attachMeter, awsWriteUnits } from './dynamodb-meter.js';
import { fmt, table } from './support.js';

/**
 * Scale: 100,000 reports from 1,000 resellers through 10 relays, sent as 200 intake calls of 500
 * (each packed into five messages and delivered as the event source mapping would, five
 * invocations at a time), counted by the counting stream consumer, then checked exactly: every
 * reseller's and every relay's monthly total equals what was sent. Requests and capacity are
 * metered on the client both handlers share.
 */
export const SCALE = { reports: 100_000, resellers: 1_000, relays: 10, perCall: 500, concurrency: 5 };
const categories = ['GAMBLING', 'LOAN', 'STOCK', 'ADULT', 'DRUGS', 'PHISHING', 'OTHER'] as const;

export interface ScaleFigures {
  reports: number;
  seconds: number;
  /** Seconds until the queue consumer had recorded every report. */
  intakeSeconds: number;
  writeRequests: number;
  readRequests: number;
  wcu: number;
  rcu: number;
  exact: boolean;
}

export async function benchScale(opts: { reports?: number } = {}): Promise<ScaleFigures> {
  const total = opts.reports ?? SCALE.reports;
  const dynamodb = await startDynamoDbLocal();
  const admin = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const saved = { ...process.env };
  try {
    const prefix = `scale${Date.now().toString(36)}`;
    const tables = await createTables(admin, prefix);
    Object.assign(process.env, {
      TABLE_NAME: tables.registry,
      IDEMPOTENCY_TABLE_NAME: tables.idempotency,
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const { env } = await import('../shared/config/env.js');
    if (env().TABLE_NAME !== tables.registry)
      throw new Error('run the scale part in its own process: `npm run bench -- --only scale`');
    const { handler } = await import('../functions/consume-spam-reports/handler.js');
    const { handler: count } = await import('../functions/count-spam-reports/handler.js');
    const { packMessages } = await import('../shared/adapters/sqs/spam-report-queue.js');
    const { documentDb, dynamoClient } = await import('../shared/adapters/dynamodb/client.js');
    const { keys } = await import('../shared/adapters/dynamodb/keys.js');
    const { DynamoSpamStatisticsRepository } = await import('../shared/adapters/dynamodb/spam-statistics.js');
    const { streamConsumers } = await import('../shared/topology.js');
    const { startStreamConsumer, entityFilter } = await import('../infra/local/streams/stream-poller.js');
    const { logger } = await import('../shared/http/logger.js');
    logger.setLogLevel('SILENT');
    const def = streamConsumers.find((c) => c.function === 'count-spam-reports')!;

    const brns = Array.from({ length: SCALE.resellers }, (_, i) => `31${String(i).padStart(8, '0')}`);
    const relays = Array.from({ length: SCALE.relays }, (_, i) => `relay-${i}`);
    for (let i = 0; i < brns.length; i += 50)
      await Promise.all(
        brns.slice(i, i + 50).map((brn, j) =>
          documentDb().send(
            new PutCommand({
              TableName: tables.registry,
              Item: {
                ...keys.firstSenderCode(`SC${i + j}`),
                entity: 'first-sender-code',
                code: `SC${i + j}`,
                brn,
              },
            }),
          ),
        ),
      );
    // Spread over the last 20 hours (hour buckets of the case window); cases open where one crosses.
    const now = Date.now();
    const reports: SpamReport[] = spamReports(total, (i) => ({
      reportId: `SCALE-${i}`,
      firstSenderCode: `SC${(i * 7919) % SCALE.resellers}`,
      relayId: relays[i % SCALE.relays]!,
      category: categories[i % 7]!,
      receivedAt: new Date(now - 60_000 - (i % 20) * 3_600_000).toISOString(),
    }));
    const meter = attachMeter(dynamoClient());
    const counting = await startStreamConsumer({
      dynamodbEndpoint: dynamodb.endpoint,
      tableName: tables.registry,
      handler: count,
      batchSize: def.batchSize,
      // Under sustained load batches fill to the batch size long before the window ends.
      batchingWindowMs: Math.min((def.maxBatchingWindowSeconds ?? 0) * 1000, 2_000),
      pollMs: 20,
      filter: entityFilter(def.entities, def.eventNames),
      functionName: def.function,
    });
    // An invocation has the consumer's timeout (the queue's visibility timeout bounds it in AWS).
    const context = { ...lambdaContext, getRemainingTimeInMillis: () => 120_000 };
    const started = performance.now();
    const calls: SpamReport[][] = [];
    for (let i = 0; i < reports.length; i += SCALE.perCall) calls.push(reports.slice(i, i + SCALE.perCall));
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        let pending = sqsEvent(packMessages(calls[next++]!));
        for (let attempt = 1; pending.Records.length > 0; attempt++) {
          const out = await handler(pending, context);
          const failed = new Set(out.batchItemFailures.map((f) => f.itemIdentifier));
          if (failed.size > 0 && attempt >= 5) throw new Error('the consumer kept failing');
          pending = { Records: pending.Records.filter((r) => failed.has(r.messageId)) };
        }
      }
    };
    await Promise.all(Array.from({ length: SCALE.concurrency }, worker));
    const intakeSeconds = (performance.now() - started) / 1000;
    // Counting may trail the intake by minutes on a small machine: wait while it makes progress.
    for (let seen = -1, idle = 0; counting.stats.records < total && idle < 6; ) {
      await counting.drain({ timeoutMs: 20_000 }).catch(() => undefined);
      if (counting.stats.records < total) await new Promise((r) => setTimeout(r, 2_000));
      idle = counting.stats.records === seen ? idle + 1 : 0;
      seen = counting.stats.records;
    }
    const seconds = (performance.now() - started) / 1000;
    await counting.stop();
    const reading = meter.read();
    meter.detach();

    const month = await new DynamoSpamStatisticsRepository().month(
      new Date(now + 9 * 3_600_000).toISOString().slice(0, 7),
    );
    const sentBy = (key: (r: SpamReport) => string) => {
      const out = new Map<string, number>();
      for (const r of reports) out.set(key(r), (out.get(key(r)) ?? 0) + 1);
      return out;
    };
    const byReseller = sentBy((r) => brns[Number(r.firstSenderCode!.slice(2))]!);
    const byRelay = sentBy((r) => r.relayId!);
    const resellersExact = [...byReseller].filter(([b, n]) => month.byReseller[b] === n).length;
    const relaysExact = [...byRelay].filter(([r, n]) => month.byRelay[r] === n).length;
    const counted = Object.values(month.byReseller).reduce((a, b) => a + b, 0);
    const exact = resellersExact === byReseller.size && relaysExact === byRelay.size && counted === total;
    const wcu = await awsWriteUnits(admin, reading.actions);
    table(
      `Scale: ${total.toLocaleString('en')} reports, ${SCALE.resellers} resellers, ${SCALE.relays} relays (calls of ${SCALE.perCall}, ${SCALE.concurrency} consumer invocations at a time, counted from the stream)`,
      ['figure', 'value', 'per report', 'result'],
      [
        [
          'intake (queue consumer) s',
          fmt(intakeSeconds),
          `${fmt(total / intakeSeconds, 0)} reports/s`,
          'info',
        ],
        ['until every report counted s', fmt(seconds), `${fmt(total / seconds, 0)} reports/s`, 'info'],
        [
          'resellers whose total equals what was sent',
          `${resellersExact} / ${byReseller.size}`,
          '',
          resellersExact === byReseller.size ? 'pass' : 'MISS',
        ],
        [
          'relays whose total equals what was sent',
          `${relaysExact} / ${byRelay.size}`,
          '',
          relaysExact === byRelay.size ? 'pass' : 'MISS',
        ],
        ['reports counted', counted, '', counted === total ? 'pass' : 'MISS'],
        ['write requests', reading.writeRequests, fmt(reading.writeRequests / total, 4), 'info'],
        ['read requests', reading.readRequests, fmt(reading.readRequests / total, 4), 'info'],
        ['WCU (AWS rules)', wcu, fmt(wcu / total, 3), 'info'],
        [
          'RCU (as DynamoDB Local reports them)',
          fmt(reading.reportedRcu, 0),
          fmt(reading.reportedRcu / total, 3),
          'info',
        ],
      ],
    );
    console.log(
      `\nper operation: ${Object.entries(reading.byOperation)
        .map(([op, n]) => `${n} ${op}`)
        .join(', ')}`,
    );
    return {
      reports: total,
      seconds,
      intakeSeconds,
      writeRequests: reading.writeRequests,
      readRequests: reading.readRequests,
      wcu,
      rcu: reading.reportedRcu,
      exact,
    };
  } finally {
    admin.destroy();
    await dynamodb.stop();
    process.env = saved;
  }
}

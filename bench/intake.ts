import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { createTables } from '../infra/local/tables.js';
import { seedRelayOperators } from '../shared/domain/notices/relay-operators.js';
import { attribute, type SpamReport } from '../shared/domain/spam/attribution.js';
import { lambdaContext } from '../test/support/events.js';
import { spamReports, sqsEvent } from '../test/support/spam-fixtures.js';
import { attachMeter, awsWriteUnits, type MeterReading } from './dynamodb-meter.js';
import { fmt, median, table } from './support.js';

/**
 * Spam intake: one full intake call of 500 reports, as the producer packs it (five messages of
 * 100) and the event source mapping delivers it (one batch of up to ten messages), through the real
 * consumer handler in this process against a DynamoDB Local started here, then counted by the real
 * count-spam-reports handler reading the table's stream (the local event source mapping). Requests
 * and capacity are counted on the SDK client the adapters share (both handlers); reports/s of the
 * consumer is set against a plain BatchWriteItem loop (25 per request) writing the same 500 report
 * items into a fresh table of the same definition.
 */
const REPORTS = 500;
const RUNS = 5;
const WARMUP = 2;
export const BARS = { writesPerReport: 0.05, wcuPerReport: 1.3, readsPerReport: 0.05, ratio: 0.8 };

const categories = ['GAMBLING', 'LOAN', 'STOCK', 'ADULT', 'DRUGS', 'PHISHING', 'OTHER'] as const;
const relays = seedRelayOperators.slice(0, 5).map((r) => r.relayId);

interface Scenario {
  name: string;
  resellers: number;
  reports(codes: string[], start: number, receivedAt: string): SpamReport[];
}

const scenarios: Scenario[] = [
  {
    name: '(a) one reseller',
    resellers: 1,
    reports: (codes, start, receivedAt) =>
      spamReports(REPORTS, () => ({ firstSenderCode: codes[0]!, relayId: relays[0]!, receivedAt }), start),
  },
  {
    name: '(b) 25 resellers / 5 relays / 7 categories',
    resellers: 25,
    reports: (codes, start, receivedAt) =>
      spamReports(
        REPORTS,
        (i) => ({
          firstSenderCode: codes[i % 25]!,
          relayId: relays[i % 5]!,
          category: categories[i % 7]!,
          receivedAt,
        }),
        start,
      ),
  },
];

interface Sample {
  ms: number;
  /** Until the reports were counted (the stream consumer caught up). */
  countedMs?: number;
  reading: MeterReading;
  awsWcu: number;
  /** Most write actions on one partition key in the call. */
  hottestKey: number;
}

/** Most write actions one partition key received: a burst from one reseller must not pile onto one. */
export function hottestKey(reading: MeterReading): number {
  const perKey = new Map<string, number>();
  for (const a of reading.actions) {
    const pk = JSON.stringify((a.item ?? a.key)?.PK ?? '');
    perKey.set(pk, (perKey.get(pk) ?? 0) + 1);
  }
  return Math.max(0, ...perKey.values());
}

const ENV_KEYS = [
  'TABLE_NAME',
  'IDEMPOTENCY_TABLE_NAME',
  'DYNAMODB_ENDPOINT',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'POWERTOOLS_LOG_LEVEL',
] as const;

export async function benchIntake(): Promise<{
  writesPerReport: number;
  wcuPerReport: number;
  readsPerReport: number;
  ratio: number;
}> {
  const dynamodb = await startDynamoDbLocal();
  const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const admin = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  let cleanup = () => {};
  try {
    const prefix = `intake${Date.now().toString(36)}`;
    const consumerTables = await createTables(admin, prefix);
    const baselineTables = await createTables(admin, `${prefix}raw`);
    // Handlers read their environment once (cold start): set it before the first import.
    Object.assign(process.env, {
      TABLE_NAME: consumerTables.registry,
      IDEMPOTENCY_TABLE_NAME: consumerTables.idempotency,
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const { env } = await import('../shared/config/env.js');
    if (env().TABLE_NAME !== consumerTables.registry)
      throw new Error('this process read its Lambda environment before the intake benchmark set it');
    const { handler } = await import('../functions/consume-spam-reports/handler.js');
    const { packMessages } = await import('../shared/adapters/sqs/spam-report-queue.js');
    const { documentDb, dynamoClient } = await import('../shared/adapters/dynamodb/client.js');
    const { keys } = await import('../shared/adapters/dynamodb/keys.js');
    const { reportItem } = await import('../shared/adapters/dynamodb/spam-report-store.js');
    const { logger } = await import('../shared/http/logger.js');
    const logLevel = logger.getLevelName();
    logger.setLogLevel('SILENT');
    const meter = attachMeter(dynamoClient());
    const { startStreamConsumer, entityFilter } = await import('../infra/local/streams/stream-poller.js');
    const { handler: count } = await import('../functions/count-spam-reports/handler.js');
    const { streamConsumers } = await import('../shared/topology.js');
    const countingDef = streamConsumers.find((c) => c.function === 'count-spam-reports')!;
    const counting = await startStreamConsumer({
      dynamodbEndpoint: dynamodb.endpoint,
      tableName: consumerTables.registry,
      handler: count,
      // As deployed (shared/topology.ts): its batch size and batching window.
      batchSize: countingDef.batchSize,
      // A call's 500 reports land within ~1 s: a 2 s window gathers them as the deployed 30 s one would.
      batchingWindowMs: Math.min((countingDef.maxBatchingWindowSeconds ?? 0) * 1000, 2_000),
      pollMs: 10,
      filter: entityFilter(['spam-report'], ['INSERT']),
      functionName: 'count-spam-reports',
    });
    cleanup = () => {
      meter.detach();
      logger.setLogLevel(logLevel);
    };
    const counted = async (expected: number) => {
      // DynamoDB Local shows writes on its stream a moment late: drain until the counts are in.
      for (let i = 0; i < 100 && counting.stats.records < expected; i++) {
        await counting.drain({ timeoutMs: 30_000 });
        if (counting.stats.records < expected) await new Promise((r) => setTimeout(r, 20));
      }
    };
    const db = documentDb();

    let nextReseller = 0;
    let nextReport = 0;
    /** Fresh resellers (first-sender code → brn) per run, so every run opens the same cases. */
    async function resellers(n: number): Promise<Map<string, string>> {
      const holders = new Map<string, string>();
      for (let i = 0; i < n; i++) {
        nextReseller += 1;
        const brn = `30${String(nextReseller).padStart(8, '0')}`;
        const code = `BENCH${nextReseller}`;
        await db.send(
          new PutCommand({
            TableName: consumerTables.registry,
            Item: { ...keys.firstSenderCode(code), entity: 'first-sender-code', code, brn },
          }),
        );
        holders.set(code, brn);
      }
      return holders;
    }

    let sent = 0;
    async function consumer(event: ReturnType<typeof sqsEvent>, reports: number): Promise<Sample> {
      meter.reset();
      const started = performance.now();
      // Failed messages come back, as SQS would redeliver them (a shared machine has slow moments).
      let pending = event;
      for (let attempt = 1; pending.Records.length > 0; attempt++) {
        const out = await handler(pending, { ...lambdaContext, getRemainingTimeInMillis: () => 120_000 });
        const failed = new Set(out.batchItemFailures.map((f) => f.itemIdentifier));
        if (failed.size > 0 && attempt >= 5)
          throw new Error(`the consumer failed ${failed.size} message(s) 5 times`);
        pending = { Records: pending.Records.filter((r) => failed.has(r.messageId)) };
      }
      const ms = performance.now() - started;
      sent += reports;
      await counted(sent);
      const countedMs = performance.now() - started;
      const reading = meter.read();
      return {
        ms,
        countedMs,
        reading,
        awsWcu: await awsWriteUnits(admin, reading.actions),
        hottestKey: hottestKey(reading),
      };
    }

    async function rawBatchWrites(items: Record<string, unknown>[]): Promise<Sample> {
      meter.reset();
      const tableName = baselineTables.registry;
      const started = performance.now();
      for (let i = 0; i < items.length; i += 25) {
        let pending: { PutRequest: { Item: Record<string, unknown> } }[] | undefined = items
          .slice(i, i + 25)
          .map((Item) => ({ PutRequest: { Item } }));
        while (pending?.length) {
          const out = await db.send(
            new BatchWriteCommand({
              RequestItems: { [tableName]: pending },
              ReturnConsumedCapacity: 'TOTAL',
            }),
          );
          pending = out.UnprocessedItems?.[tableName] as typeof pending;
        }
      }
      const ms = performance.now() - started;
      const reading = meter.read();
      return {
        ms,
        reading,
        awsWcu: await awsWriteUnits(admin, reading.actions),
        hottestKey: hottestKey(reading),
      };
    }

    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    let worstWrites = 0;
    let worstWcu = 0;
    let worstReads = 0;
    let worstRatio = Number.POSITIVE_INFINITY;
    for (const scenario of scenarios) {
      const consumed: Sample[] = [];
      const raw: Sample[] = [];
      // Warm-up rounds (JIT here and in DynamoDB Local's JVM, connections), then RUNS measured, alternating.
      for (let run = -WARMUP; run < RUNS; run++) {
        const holders = await resellers(scenario.resellers);
        const receivedAt = new Date(Date.now() - 60_000).toISOString();
        const reports = scenario.reports([...holders.keys()], nextReport, receivedAt);
        nextReport += REPORTS;
        const event = sqsEvent(packMessages(reports));
        const c = await consumer(event, REPORTS);
        const nowMs = Date.now();
        const r = await rawBatchWrites(reports.map((rep) => reportItem(attribute(rep, holders), nowMs)));
        if (run < 0) continue;
        consumed.push(c);
        raw.push(r);
      }
      const perReport = (xs: number[]) => median(xs) / REPORTS;
      const rate = (s: Sample[]) => REPORTS / (median(s.map((x) => x.ms)) / 1000);
      const cWrites = perReport(consumed.map((x) => x.reading.writeRequests));
      const cWcu = perReport(consumed.map((x) => x.awsWcu));
      const cReads = perReport(consumed.map((x) => x.reading.readRequests));
      const ratio = rate(consumed) / rate(raw);
      worstWrites = Math.max(worstWrites, cWrites);
      worstWcu = Math.max(worstWcu, cWcu);
      worstReads = Math.max(worstReads, cReads);
      worstRatio = Math.min(worstRatio, ratio);
      const ops = (s: Sample) =>
        Object.entries(s.reading.byOperation)
          .map(([op, n]) => `${n} ${op}`)
          .join(', ');
      const rawWrites = perReport(raw.map((x) => x.reading.writeRequests));
      const rawWcu = perReport(raw.map((x) => x.awsWcu));
      const pass = (ok: boolean) => (ok ? 'pass' : 'MISS');
      rows.push(
        [
          scenario.name,
          'write requests / report',
          fmt(cWrites, 3),
          fmt(rawWrites, 3),
          `≤ ${BARS.writesPerReport}`,
          pass(cWrites <= BARS.writesPerReport),
        ],
        [
          scenario.name,
          'WCU / report (AWS rules)',
          fmt(cWcu, 2),
          fmt(rawWcu, 2),
          `≤ ${BARS.wcuPerReport}`,
          pass(cWcu <= BARS.wcuPerReport),
        ],
        [
          scenario.name,
          'read requests / report',
          fmt(cReads, 3),
          fmt(perReport(raw.map((x) => x.reading.readRequests)), 3),
          `≤ ${BARS.readsPerReport}`,
          pass(cReads <= BARS.readsPerReport),
        ],
        [
          scenario.name,
          'consumer reports/s (ratio to raw)',
          `${fmt(rate(consumed), 0)} (${fmt(ratio, 2)})`,
          fmt(rate(raw), 0),
          `≥ ${BARS.ratio}x`,
          pass(ratio >= BARS.ratio),
        ],
        [
          scenario.name,
          'ms until counted (stream consumer included)',
          fmt(median(consumed.map((x) => x.countedMs ?? x.ms)), 0),
          fmt(median(raw.map((x) => x.ms)), 0),
          '',
          'info',
        ],
        [
          scenario.name,
          'most writes to one partition key',
          String(Math.max(...consumed.map((x) => x.hottestKey))),
          String(Math.max(...raw.map((x) => x.hottestKey))),
          scenario.resellers === 1 ? '≤ 5 (no hot key)' : '',
          scenario.resellers === 1 ? pass(Math.max(...consumed.map((x) => x.hottestKey)) <= 5) : 'info',
        ],
      );
      notes.push(`${scenario.name}: per call, ${ops(consumed[0]!)} (consumer and counting together)`);
    }
    table(
      `Spam intake: one call of ${REPORTS} reports, consumer + counting stream consumer on DynamoDB Local (median of ${RUNS})`,
      ['scenario', 'figure', 'intake', 'raw BatchWriteItem ×25', 'bar', 'result'],
      rows,
    );
    console.log(`\n${notes.join('\n')}`);
    console.log(
      'WCU (AWS rules): computed from the item sizes sent (1 WCU per started KB, 2× in a transaction, again per GSI the item is in; updates sized by their final image). DynamoDB Local does return ConsumedCapacity, but it bills a whole transaction far below AWS (e.g. 10 small puts in one TransactWriteItems: 2 units, where AWS bills 20), so its column is shown only for comparison.',
    );
    await counting.stop();
    return {
      writesPerReport: worstWrites,
      wcuPerReport: worstWcu,
      readsPerReport: worstReads,
      ratio: worstRatio,
    };
  } finally {
    cleanup();
    admin.destroy();
    await dynamodb.stop();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

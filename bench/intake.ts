import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { createTables } from '../infra/local/tables.js';
import { seedRelayOperators } from '../shared/domain/relay-operators.js';
import { attribute, type SpamReport } from '../shared/domain/spam.js';
import { lambdaContext } from '../test/support/events.js';
import { spamReports, sqsEvent } from '../test/support/spam-fixtures.js';
import { attachMeter, awsWriteUnits, type MeterReading } from './dynamodb-meter.js';
import { fmt, median, table } from './support.js';

/**
 * Spam intake (DESIGN.md §5): one full intake call of 500 reports, as the producer packs it (five
 * messages of 100) and the event source mapping delivers it (one batch of up to ten messages),
 * through the real consumer handler in this process against a DynamoDB Local started here.
 * Write requests and capacity are counted on the SDK client the adapters share; reports/s is set
 * against a plain BatchWriteItem loop (25 per request) writing the same 500 report items into a
 * fresh table of the same definition.
 */
const REPORTS = 500;
const RUNS = 5;
const WARMUP = 2;
const BAR_WRITES_PER_REPORT = 0.1;

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
  reading: MeterReading;
  awsWcu: number;
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
    cleanup = () => {
      meter.detach();
      logger.setLogLevel(logLevel);
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

    async function consumer(event: ReturnType<typeof sqsEvent>): Promise<Sample> {
      meter.reset();
      const started = performance.now();
      const out = await handler(event, lambdaContext);
      const ms = performance.now() - started;
      if (out.batchItemFailures.length > 0)
        throw new Error(`the consumer failed ${out.batchItemFailures.length} message(s)`);
      const reading = meter.read();
      return { ms, reading, awsWcu: await awsWriteUnits(admin, reading.actions) };
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
      return { ms, reading, awsWcu: await awsWriteUnits(admin, reading.actions) };
    }

    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    let worstWrites = 0;
    let worstWcu = 0;
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
        const c = await consumer(event);
        const nowMs = Date.now();
        const r = await rawBatchWrites(reports.map((rep) => reportItem(attribute(rep, holders), nowMs)));
        if (run < 0) continue;
        consumed.push(c);
        raw.push(r);
      }
      const perReport = (xs: number[]) => median(xs) / REPORTS;
      const range = (xs: number[]) =>
        Math.min(...xs) === Math.max(...xs) ? String(xs[0]) : `${Math.min(...xs)}–${Math.max(...xs)}`;
      const rate = (s: Sample[]) => REPORTS / (median(s.map((x) => x.ms)) / 1000);
      const reported = (s: Sample[]) =>
        s.every((x) => x.reading.reportedWcu !== undefined)
          ? fmt(perReport(s.map((x) => x.reading.reportedWcu!)), 3)
          : 'not returned';
      const cWrites = perReport(consumed.map((x) => x.reading.writeRequests));
      const cWcu = perReport(consumed.map((x) => x.awsWcu));
      const ratio = rate(consumed) / rate(raw);
      worstWrites = Math.max(worstWrites, cWrites);
      worstWcu = Math.max(worstWcu, cWcu);
      worstRatio = Math.min(worstRatio, ratio);
      const ops = (s: Sample) =>
        Object.entries(s.reading.byOperation)
          .map(([op, n]) => `${n} ${op}`)
          .join(', ');
      rows.push(
        [
          `${scenario.name}: consumer`,
          range(consumed.map((x) => x.reading.writeRequests)),
          fmt(cWrites, 3),
          fmt(cWcu, 2),
          reported(consumed),
          range(consumed.map((x) => x.reading.readRequests)),
          fmt(median(consumed.map((x) => x.ms)), 0),
          fmt(rate(consumed), 0),
          fmt(ratio, 2),
          cWrites <= BAR_WRITES_PER_REPORT ? 'ok' : 'OVER',
        ],
        [
          `${scenario.name}: raw BatchWriteItem ×25`,
          range(raw.map((x) => x.reading.writeRequests)),
          fmt(perReport(raw.map((x) => x.reading.writeRequests)), 3),
          fmt(perReport(raw.map((x) => x.awsWcu)), 2),
          reported(raw),
          range(raw.map((x) => x.reading.readRequests)),
          fmt(median(raw.map((x) => x.ms)), 0),
          fmt(rate(raw), 0),
          '1.00',
          'baseline',
        ],
      );
      notes.push(`${scenario.name}: the consumer sent ${ops(consumed[0]!)} per call`);
    }
    table(
      `Spam intake: one call of ${REPORTS} reports through the consumer on DynamoDB Local (median of ${RUNS}; bar: ≤ ${BAR_WRITES_PER_REPORT} write requests/report)`,
      [
        'path',
        'write req',
        'writes/report',
        'WCU/report (AWS rules)',
        'WCU/report (Local reports)',
        'read req',
        'ms',
        'reports/s',
        'ratio',
        'bar',
      ],
      rows,
    );
    console.log(`\n${notes.join('\n')}`);
    console.log(
      'WCU (AWS rules): computed from the item sizes sent (1 WCU per started KB, 2× in a transaction, again per GSI the item is in; updates sized by their final image). DynamoDB Local does return ConsumedCapacity, but it bills a whole transaction far below AWS (e.g. 10 small puts in one TransactWriteItems: 2 units, where AWS bills 20), so its column is shown only for comparison.',
    );
    return { writesPerReport: worstWrites, wcuPerReport: worstWcu, ratio: worstRatio };
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

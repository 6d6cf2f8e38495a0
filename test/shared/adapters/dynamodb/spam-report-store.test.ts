import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate, attribute } from '../../../../shared/domain/spam/attribution.js';
import { eventually, WAIT_MS } from '../../../support/eventually.js';
import { bindLocalTables, startCountingStream } from '../../../support/spam-dynamodb.js';
import { spamReports } from '../../../support/spam-fixtures.js';

const tables = bindLocalTables('store');
const { DynamoSpamReportStore } = await import('../../../../shared/adapters/dynamodb/spam-report-store.js');
const { DynamoSpamCounter, shardOf } = await import('../../../../shared/adapters/dynamodb/spam-counter.js');
const { DynamoSpamStatisticsRepository } = await import(
  '../../../../shared/adapters/dynamodb/spam-statistics.js'
);
const { documentDb } = await import('../../../../shared/adapters/dynamodb/client.js');
const { keys } = await import('../../../../shared/adapters/dynamodb/keys.js');

let counting: Awaited<ReturnType<typeof startCountingStream>>;
beforeAll(async () => {
  await tables.create();
  counting = await startCountingStream(tables);
});
afterAll(() => counting?.stop());

const holders = new Map(
  Array.from({ length: 40 }, (_, i) => [`C${i}`, `30000000${String(i).padStart(2, '0')}`]),
);

describe('DynamoDB spam counter', () => {
  it('sums monthly counters over every shard the batches wrote to, and hourly ones in one partition', async () => {
    const counter = new DynamoSpamCounter();
    const all = spamReports(30, (i) => ({
      firstSenderCode: 'C7',
      relayId: 'shard-relay',
      category: i % 2 ? 'LOAN' : 'STOCK',
      receivedAt: '2026-03-10T05:30:00Z',
    })).map((r) => attribute(r, holders));
    const shards = new Set<number>();
    for (let i = 0; i < 30; i += 3) {
      const first = String(7_000_000 + i * 13);
      shards.add(shardOf(first));
      const out = await counter.commit({ first, last: first, increments: aggregate(all.slice(i, i + 3)) });
      expect(out).toEqual({ status: 'COUNTED' });
    }
    expect(shards.size).toBeGreaterThan(1);
    const store = new DynamoSpamReportStore();
    expect(await store.window('3000000007', '2026-03-10T00', '2026-03-10T23')).toEqual({
      reports: 30,
      byCategory: { LOAN: 15, STOCK: 15 },
      byRelay: { 'shard-relay': 30 },
    });
    expect(await store.window('3000000007', '2026-03-10T06', '2026-03-10T23')).toMatchObject({ reports: 0 });
    const month = await new DynamoSpamStatisticsRepository().month('2026-03');
    expect(month.byReseller['3000000007']).toBe(30);
    expect(month.byRelay['shard-relay']).toBe(30);
    expect(month.byCategory).toMatchObject({ LOAN: 15, STOCK: 15 });
  });

  it('adds nothing for a batch starting where a counted one started, and says how far that one went', async () => {
    const counter = new DynamoSpamCounter();
    const reports = spamReports(5, () => ({ firstSenderCode: 'C6', receivedAt: '2026-03-11T01:00:00Z' })).map(
      (r) => attribute(r, holders),
    );
    expect(await counter.commit({ first: '880', last: '884', increments: aggregate(reports) })).toEqual({
      status: 'COUNTED',
    });
    expect(await counter.commit({ first: '880', last: '899', increments: aggregate(reports) })).toEqual({
      status: 'SEEN',
      through: '884',
    });
    const store = new DynamoSpamReportStore();
    expect((await store.window('3000000006', '2026-03-11T01', '2026-03-11T01')).reports).toBe(5);
  });
});

describe('DynamoDB spam report store', () => {
  it('writes a report again as itself: recorded each time, counted once from the stream', async () => {
    const store = new DynamoSpamReportStore();
    const reports = spamReports(
      60,
      () => ({ firstSenderCode: 'C8', receivedAt: '2026-04-01T00:00:00Z' }),
      100,
    ).map((r) => attribute(r, holders));
    expect(await store.record(reports.slice(0, 4))).toEqual({
      recorded: reports.slice(0, 4).map((r) => r.reportId),
      failed: [],
    });
    const out = await store.record([...reports, reports[0]!]);
    expect(out.failed).toEqual([]);
    expect(out.recorded.sort()).toEqual(reports.map((r) => r.reportId).sort());
    await counting.drain({ timeoutMs: WAIT_MS });
    await eventually(async () => {
      expect((await store.window('3000000008', '2026-04-01T00', '2026-04-01T00')).reports).toBe(60);
    });
    await counting.drain({ timeoutMs: WAIT_MS });
    expect((await store.window('3000000008', '2026-04-01T00', '2026-04-01T00')).reports).toBe(60);
  });

  it('reads the case inputs of many resellers in batches and answers like the single reads', async () => {
    const counter = new DynamoSpamCounter();
    const reports = spamReports(40, (i) => ({
      firstSenderCode: `C${20 + (i % 4)}`,
      receivedAt: `2026-05-01T0${i % 3}:10:00Z`,
    })).map((r) => attribute(r, holders));
    await counter.commit({ first: '555000', last: '555000', increments: aggregate(reports) });
    const store = new DynamoSpamReportStore();
    const brns = ['3000000020', '3000000021', '3000000022', '3000000023', '3000000039'];
    const view = await store.caseInputs(brns, '2026-04-30T04', '2026-05-01T03');
    for (const brn of brns) {
      expect(await view.window(brn, '2026-04-30T04', '2026-05-01T03')).toEqual(
        await store.window(brn, '2026-04-30T04', '2026-05-01T03'),
      );
      expect(await view.openCaseExists(brn)).toBe(false);
    }
    expect((await view.window('3000000020', '2026-04-30T04', '2026-05-01T03')).reports).toBe(10);
  });

  it('keeps the report with its attribution and a TTL of about 400 days, never a second copy', async () => {
    const store = new DynamoSpamReportStore();
    const [r] = spamReports(
      1,
      () => ({ firstSenderCode: 'C9', receivedAt: '2026-04-02T00:00:00Z' }),
      200,
    ).map((x) => attribute(x, holders));
    await store.record([r!]);
    const { Item } = await documentDb().send(
      new GetCommand({ TableName: tables.names.registry, Key: keys.spamReport(r!.reportId) }),
    );
    expect(Item).toMatchObject({
      attribution: 'RESELLER',
      brn: '3000000009',
      category: 'GAMBLING',
      contentDigest: r!.contentDigest,
    });
    const days =
      (Item!.expiresAt as number) / 86_400 - Math.max(Date.parse(r!.receivedAt), Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(400);
  });

  it('reports an open case only while its lock item exists', async () => {
    const store = new DynamoSpamReportStore();
    const { DynamoRegistryRepository } = await import(
      '../../../../shared/adapters/dynamodb/registry-repository.js'
    );
    expect(await store.openCaseExists('3000000010')).toBe(false);
    await new DynamoRegistryRepository().commit({
      spamCase: {
        before: undefined,
        after: {
          caseId: 'case_lock_test',
          brn: '3000000010',
          status: 'OPEN',
          openedAt: '2026-04-02T00:00:00.000Z',
          evidence: {
            from: 'a',
            to: 'b',
            reports: 1,
            malicious: 0,
            byCategory: {},
            byRelay: {},
            threshold: 't',
          },
          revision: 1,
        },
      },
      audit: [],
    });
    expect(await store.openCaseExists('3000000010')).toBe(true);
  });
});

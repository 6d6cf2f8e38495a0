import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { attribute, countersOf } from '../../../../shared/domain/spam.js';
import { bindLocalTables } from '../../../support/spam-dynamodb.js';
import { spamReports } from '../../../support/spam-fixtures.js';

const tables = bindLocalTables('store');
const { DynamoSpamReportStore, packChunks, COUNTER_SHARDS } = await import(
  '../../../../shared/adapters/dynamodb/spam-report-store.js'
);
const { DynamoSpamStatisticsRepository } = await import(
  '../../../../shared/adapters/dynamodb/spam-statistics.js'
);
const { documentDb } = await import('../../../../shared/adapters/dynamodb/client.js');
const { keys } = await import('../../../../shared/adapters/dynamodb/keys.js');

beforeAll(() => tables.create());

const holders = new Map(
  Array.from({ length: 40 }, (_, i) => [`C${i}`, `30000000${String(i).padStart(2, '0')}`]),
);

describe('packing reports into transactions', () => {
  const actions = (chunk: ReturnType<typeof packChunks>[number]) =>
    chunk.length + new Set(chunk.flatMap((r) => countersOf(r).map((c) => c.id))).size;

  it('fits each chunk in 100 actions: 96 reports of one reseller and its 4 counters', () => {
    const chunks = packChunks(
      spamReports(500, () => ({ firstSenderCode: 'C1' })).map((r) => attribute(r, holders)),
    );
    expect(chunks.map((c) => c.length)).toEqual([96, 96, 96, 96, 96, 20]);
    expect(chunks.every((c) => actions(c) <= 100)).toBe(true);
  });

  it('fits mixed chunks too, keeping every report exactly once', () => {
    const reports = spamReports(500, (i) => ({
      firstSenderCode: `C${i % 40}`,
      relayId: i % 3 ? 'kt' : 'skb',
    })).map((r) => attribute(r, holders));
    const chunks = packChunks(reports);
    expect(chunks.every((c) => actions(c) <= 100)).toBe(true);
    expect(chunks.flat().map((r) => r.reportId)).toEqual(reports.map((r) => r.reportId));
  });
});

describe('DynamoDB spam report store', () => {
  it('sums counters over every shard the invocations wrote to', async () => {
    let shard = 0;
    // Each record() call picks the next shard, like invocations picking one at random.
    const store = new DynamoSpamReportStore({ random: () => (shard++ % COUNTER_SHARDS) / COUNTER_SHARDS });
    const all = spamReports(
      30,
      (i) => ({
        firstSenderCode: 'C7',
        relayId: 'shard-relay',
        category: i % 2 ? 'LOAN' : 'STOCK',
        receivedAt: '2026-03-10T05:30:00Z',
      }),
      0,
    );
    for (let i = 0; i < 30; i += 3) {
      const out = await store.record(all.slice(i, i + 3).map((r) => attribute(r, holders)));
      expect(out.recorded).toHaveLength(3);
    }
    const window = await store.window('3000000007', '2026-03-10T00', '2026-03-10T23');
    expect(window).toEqual({
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

  it('returns already-recorded reports as duplicates and counts only the new ones', async () => {
    const store = new DynamoSpamReportStore();
    const reports = spamReports(
      10,
      () => ({ firstSenderCode: 'C8', receivedAt: '2026-04-01T00:00:00Z' }),
      100,
    ).map((r) => attribute(r, holders));
    await store.record(reports.slice(0, 4));
    const out = await store.record([...reports, reports[0]!]);
    expect(out).toEqual({
      recorded: reports.slice(4).map((r) => r.reportId),
      duplicates: reports.slice(0, 4).map((r) => r.reportId),
      failed: [],
    });
    expect((await store.window('3000000008', '2026-04-01T00', '2026-04-01T00')).reports).toBe(10);
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

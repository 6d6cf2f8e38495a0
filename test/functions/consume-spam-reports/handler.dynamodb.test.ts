import { AsyncLocalStorage } from 'node:async_hooks';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SpamReport } from '../../../shared/domain/spam/attribution.js';
import { kstMonth, windowBuckets } from '../../../shared/domain/spam/attribution.js';
import { lambdaContext } from '../../support/events.js';
import { eventually, WAIT_MS } from '../../support/eventually.js';
import { bindLocalTables, startCountingStream } from '../../support/spam-dynamodb.js';
import { spamReports, sqsEvent } from '../../support/spam-fixtures.js';

// The consumer and the counting stream consumer against the run's DynamoDB Local: real batch
// writes, stream records, transactions, conditions and cancellations.
const tables = bindLocalTables('spam');
const { handler } = await import('../../../functions/consume-spam-reports/handler.js');
const { packMessages } = await import('../../../shared/adapters/sqs/spam-report-queue.js');
const { documentDb, dynamoClient } = await import('../../../shared/adapters/dynamodb/client.js');
const { keys } = await import('../../../shared/adapters/dynamodb/keys.js');
const { DynamoSpamReportStore } = await import('../../../shared/adapters/dynamodb/spam-report-store.js');
const { DynamoSpamStatisticsRepository } = await import(
  '../../../shared/adapters/dynamodb/spam-statistics.js'
);
const { DynamoCaseRepository } = await import('../../../shared/adapters/dynamodb/registry-repository.js');

const store = new DynamoSpamReportStore();
const statistics = new DynamoSpamStatisticsRepository();
const cases = new DynamoCaseRepository();

/** Counts the consumer's write requests and injects failures into chosen write requests. */
const probe = {
  writes: 0,
  calls: 0,
  /** For a write request (by operation and its JSON input): fail before sending, or send and lose the response. */
  plan: undefined as
    | ((op: string, input: string, n: number) => 'fail' | 'lose-response' | undefined)
    | undefined,
};
const inConsumer = new AsyncLocalStorage<boolean>();
const WRITE = /^(TransactWriteItems|BatchWriteItem|PutItem|UpdateItem|DeleteItem)Command$/;

let counting: Awaited<ReturnType<typeof startCountingStream>>;
beforeAll(async () => {
  await tables.create();
  dynamoClient().middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context as { commandName?: string }).commandName ?? '';
      if (!WRITE.test(name)) return next(args);
      // Write requests of the queue consumer (the counting stream consumer runs alongside).
      if (inConsumer.getStore()) probe.writes += 1;
      probe.calls += 1;
      const mode = probe.plan?.(name, JSON.stringify((args as { input?: unknown }).input), probe.calls);
      const injected = Object.assign(new Error('injected failure'), { name: 'InternalServerError' });
      if (mode === 'fail') throw injected;
      const out = await next(args);
      if (mode === 'lose-response') throw injected;
      return out;
    },
    { step: 'initialize', name: 'spamTestProbe' },
  );
  // The counting stream consumer, with every batch delivered twice (streams deliver at least once).
  const { handler: count } = await import('../../../functions/count-spam-reports/handler.js');
  counting = await startCountingStream(tables, {
    batchSize: 300,
    handler: async (event: never, context: Context) => {
      await count(event, context);
      return count(event, context);
    },
  });
});
afterAll(() => counting?.stop());

beforeEach(() => {
  probe.writes = 0;
  probe.calls = 0;
  probe.plan = undefined;
});

let nextCode = 0;
/** A reseller with its own first-sender code (written straight into the code registry). */
async function reseller(): Promise<{ brn: string; code: string }> {
  nextCode += 1;
  const brn = `20000000${String(nextCode).padStart(2, '0')}`;
  const code = `T${nextCode}X${tables.prefix}`.toUpperCase().slice(0, 32);
  await documentDb().send(
    new PutCommand({ TableName: tables.names.registry, Item: { ...keys.firstSenderCode(code), code, brn } }),
  );
  return { brn, code };
}

let nextReport = 0;
const now = () => new Date(Date.now() - 60_000).toISOString();
function reports(n: number, each: (i: number) => Partial<SpamReport>): SpamReport[] {
  const start = nextReport;
  nextReport += n;
  return spamReports(n, (i) => ({ receivedAt: now(), ...each(i) }), start);
}

/** The consumer's own timeout (a shared machine can be slow), not a test context's 10 s. */
const consumerContext = { ...lambdaContext, getRemainingTimeInMillis: () => 120_000 };

/** One invocation per 10 messages of 100 reports, as the event source mapping would deliver them. */
async function deliver(bodies: string[]) {
  probe.writes = 0;
  const failures: string[][] = [];
  for (let i = 0; i < bodies.length; i += 10) {
    const out = await inConsumer.run(true, () => handler(sqsEvent(bodies.slice(i, i + 10)), consumerContext));
    failures.push(out.batchItemFailures.map((f) => f.itemIdentifier));
  }
  return failures;
}

/**
 * Waits until the counting stream has caught up so that `check` passes (DynamoDB Local shows a write
 * on its stream a moment after it), then checks once more after the stream is drained again, so
 * a count that keeps climbing past the expected value fails.
 */
async function whenCounted(check: () => Promise<void>) {
  await eventually(async () => {
    await counting.drain({ timeoutMs: WAIT_MS });
    await check();
  });
  await counting.drain({ timeoutMs: WAIT_MS });
  await check();
}

async function countsFor(brn: string, relayId: string) {
  const month = await statistics.month(kstMonth(new Date()));
  const window = windowBuckets(new Date(), 24);
  return {
    reseller: month.byReseller[brn] ?? 0,
    relay: month.byRelay[relayId] ?? 0,
    window: (await store.window(brn, window.from, window.to)).reports,
  };
}

/** The reseller's and relay's monthly counts and the reseller's window all reach `n`, and stay there. */
const countsReach = (brn: string, relayId: string, n: number) =>
  whenCounted(async () => {
    expect(await countsFor(brn, relayId)).toEqual({ reseller: n, relay: n, window: n });
  });

describe('spam report consumer on DynamoDB Local', () => {
  it('records 500 reports from one reseller in at most 25 write requests, and opens one case', async () => {
    const { brn, code } = await reseller();
    const bodies = packMessages(reports(500, () => ({ firstSenderCode: code, relayId: 'relay-one' })));
    expect(await deliver(bodies)).toEqual([[]]);
    expect(probe.writes).toBeLessThanOrEqual(25);
    await countsReach(brn, 'relay-one', 500);
    const open = await cases.list({ brn, status: 'OPEN' }, { limit: 10 });
    expect(open.items).toHaveLength(1);
    // The case opens at the first counting batch that crosses a threshold (20 malicious reports),
    // with the window as counted then: all of it malicious, all through relay-one.
    const evidence = open.items[0]!.evidence;
    expect(evidence).toMatchObject({
      malicious: evidence.reports,
      byRelay: { 'relay-one': evidence.reports },
    });
    expect(evidence.reports).toBeGreaterThanOrEqual(20);
    expect(evidence.reports).toBeLessThanOrEqual(500);
  });

  it('records 500 reports across 25 resellers and 5 relays in at most 25 write requests', async () => {
    const owners = await Promise.all(Array.from({ length: 25 }, () => reseller()));
    const relays = ['mix-a', 'mix-b', 'mix-c', 'mix-d', 'mix-e'];
    const categories = ['GAMBLING', 'LOAN', 'STOCK', 'ADULT', 'DRUGS', 'PHISHING', 'OTHER'] as const;
    const bodies = packMessages(
      reports(500, (i) => ({
        firstSenderCode: owners[i % 25]!.code,
        relayId: relays[i % 5]!,
        category: categories[i % 7]!,
      })),
    );
    expect(await deliver(bodies)).toEqual([[]]);
    expect(probe.writes).toBeLessThanOrEqual(25);
    await whenCounted(async () => {
      const month = await statistics.month(kstMonth(new Date()));
      for (const o of owners) expect(month.byReseller[o.brn]).toBe(20);
      for (const r of relays) expect(month.byRelay[r]).toBe(100);
    });
  });

  it('counts every message once when each is delivered twice', async () => {
    const { brn, code } = await reseller();
    const bodies = packMessages(
      reports(300, () => ({ firstSenderCode: code, relayId: 'relay-dup', category: 'STOCK' })),
    );
    expect(await deliver(bodies)).toEqual([[]]);
    expect(await deliver(bodies)).toEqual([[]]);
    // And delivered out of order, interleaved with itself.
    expect(await deliver([bodies[2]!, bodies[0]!, bodies[2]!])).toEqual([[]]);
    await countsReach(brn, 'relay-dup', 300);
    expect((await cases.list({ brn }, { limit: 10 })).items).toHaveLength(1);
  });

  it('retries a write that fails mid-batch: nothing lost or doubled', async () => {
    const { brn, code } = await reseller();
    const bodies = packMessages(reports(500, () => ({ firstSenderCode: code, relayId: 'relay-fail' })));
    probe.plan = (op, _input, n) => (op === 'BatchWriteItemCommand' && n === 3 ? 'fail' : undefined);
    expect(await deliver(bodies)).toEqual([[]]);
    await countsReach(brn, 'relay-fail', 500);
  });

  it('counts once a write that succeeded although its response was lost', async () => {
    const { brn, code } = await reseller();
    const bodies = packMessages(reports(500, () => ({ firstSenderCode: code, relayId: 'relay-lost' })));
    probe.plan = (op, _input, n) => (op === 'BatchWriteItemCommand' && n === 2 ? 'lose-response' : undefined);
    expect(await deliver(bodies)).toEqual([[]]);
    await countsReach(brn, 'relay-lost', 500);
  });

  it('counts once when a counting commit fails, or succeeds and loses its response', async () => {
    const { brn, code } = await reseller();
    const bodies = packMessages(reports(400, () => ({ firstSenderCode: code, relayId: 'relay-count' })));
    let commits = 0;
    probe.plan = (_op, input) => {
      if (!input.includes('SPAMCOUNT#')) return undefined;
      commits += 1;
      return commits === 1 ? 'fail' : commits === 2 ? 'lose-response' : undefined;
    };
    expect(await deliver(bodies)).toEqual([[]]);
    await countsReach(brn, 'relay-count', 400);
    expect(commits).toBeGreaterThanOrEqual(2);
  });

  it('fails only the messages of reports that keep failing; their redelivery completes the count', async () => {
    const { brn, code } = await reseller();
    const all = reports(500, () => ({ firstSenderCode: code, relayId: 'relay-down', category: 'OTHER' }));
    const bodies = packMessages(all);
    // The write request holding report 130 (message 1) fails every attempt.
    const stuck = `REPORT#${all[130]!.reportId}`;
    probe.plan = (op, input) =>
      op === 'BatchWriteItemCommand' && input.includes(stuck) ? 'fail' : undefined;
    const [failed] = await deliver(bodies);
    expect(failed).toEqual(['msg-1']);
    await countsReach(brn, 'relay-down', 500 - 25);
    probe.plan = undefined;
    expect(await deliver([bodies[1]!])).toEqual([[]]);
    await countsReach(brn, 'relay-down', 500);
  });
});

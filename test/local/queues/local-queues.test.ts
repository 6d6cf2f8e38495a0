import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHandler } from '../../../infra/local/gateway.js';
import { type LocalQueues, startLocalQueues } from '../../../infra/local/queues/local-queues.js';
import { kstMonth, windowBuckets } from '../../../shared/domain/spam/attribution.js';
import { queues as topologyQueues } from '../../../shared/topology.js';
import { apiEvent, lambdaContext } from '../../support/events.js';
import { eventually, WAIT_MS } from '../../support/eventually.js';
import { principals } from '../../support/fakes.js';
import { bindLocalTables, startCountingStream } from '../../support/spam-dynamodb.js';
import { spamReports } from '../../support/spam-fixtures.js';

// The whole intake path on one machine: the intake handler → fauxqs → the local event source
// mapping → the consumer → DynamoDB Local, with the topology's queue and its DLQ.
const tables = bindLocalTables('lq');
const { documentDb } = await import('../../../shared/adapters/dynamodb/client.js');
const { keys } = await import('../../../shared/adapters/dynamodb/keys.js');
const { DynamoSpamReportStore } = await import('../../../shared/adapters/dynamodb/spam-report-store.js');
const { DynamoSpamStatisticsRepository } = await import(
  '../../../shared/adapters/dynamodb/spam-statistics.js'
);
const { DynamoCaseRepository } = await import('../../../shared/adapters/dynamodb/registry-repository.js');

let queues: LocalQueues;
let submit: (body: unknown) => Promise<{ statusCode: number; body: string }>;

beforeAll(async () => {
  await tables.create();
  // This capability's queue only (the other consumers are tested by their owners).
  queues = await startLocalQueues({
    loadHandler: importHandler,
    queues: topologyQueues.filter((q) => q.name === 'spam-reports'),
    overrides: { maxBatchingWindowSeconds: 0 },
  });
  const { handler } = await import('../../../functions/submit-spam-reports/handler.js');
  submit = (body) =>
    handler(
      apiEvent({ method: 'POST', path: '/v1/spam-reports', principal: principals.monitor(), body }),
      lambdaContext,
    );
});

afterAll(() => queues?.stop());

describe('startLocalQueues', () => {
  it('creates the queues with their DLQs and tells the functions where they are', () => {
    expect(Object.keys(queues.queueUrls)).toEqual(['spam-reports']);
    expect(queues.env).toEqual({
      SQS_ENDPOINT: queues.endpoint,
      QUEUE_URL_SPAM_REPORTS: queues.queueUrls['spam-reports'],
    });
    expect(process.env.QUEUE_URL_SPAM_REPORTS).toBe(queues.queueUrls['spam-reports']);
    expect(queues.dlqUrls['spam-reports']).toMatch(/spam-reports-dlq$/);
  });

  it('counts a burst of 2,000 reports from one reseller once, even when a call is retried, and opens one case', async () => {
    const brn = '2208162517';
    await documentDb().send(
      new PutCommand({
        TableName: tables.names.registry,
        Item: { ...keys.firstSenderCode('BURST1'), code: 'BURST1', brn },
      }),
    );
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    const burst = spamReports(2_000, () => ({ firstSenderCode: 'BURST1', relayId: 'kt', receivedAt }));
    const calls = [0, 1, 2, 3].map((k) => burst.slice(k * 500, k * 500 + 500));
    const answers = await Promise.all([...calls, calls[1]!].map((reports) => submit({ reports })));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202]);
    // Counting follows the table's stream (count-spam-reports), as the local runtime runs it.
    const counting = await startCountingStream(tables);
    try {
      await queues.drain({ timeoutMs: WAIT_MS });
      const window = windowBuckets(new Date(), 24);
      await eventually(async () => {
        await counting.drain({ timeoutMs: WAIT_MS });
        expect((await new DynamoSpamReportStore().window(brn, window.from, window.to)).reports).toBe(2_000);
      });
    } finally {
      await counting.stop();
    }
    const month = await new DynamoSpamStatisticsRepository().month(kstMonth(new Date()));
    expect(month.byReseller[brn]).toBe(2_000);
    expect(month.byRelay.kt).toBe(2_000);
    expect((await new DynamoCaseRepository().list({ brn }, { limit: 10 })).items).toHaveLength(1);
    expect(queues.sources['spam-reports']!.stats.failed).toBe(0);
  });
});

import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { startLocalRuntime } from '../../infra/local/runtime.js';
import { startTestRuntime } from '../support/local-runtime.js';

/** The whole system in-process, with the real handlers and seed, on the run's shared DynamoDB Local. */
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime?.stop();
});

describe('startTestRuntime', () => {
  it('listens on an ephemeral 127.0.0.1 port and reuses the shared DynamoDB Local', () => {
    expect(runtime.url).toBe(`http://127.0.0.1:${runtime.port}`);
    expect(runtime.port).toBeGreaterThan(0);
    expect(runtime.dynamodbEndpoint).toBe(inject('dynamodbEndpoint'));
  });

  it('creates this file’s own tables and points the handlers at them', async () => {
    const client = new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const { TableNames } = await client.send(new ListTablesCommand({}));
    client.destroy();
    expect(TableNames).toEqual(expect.arrayContaining([runtime.tables.registry, runtime.tables.idempotency]));
    expect(runtime.tables.registry).toBe(`${runtime.tablePrefix}-registry`);
    expect(process.env.TABLE_NAME).toBe(runtime.tables.registry);
    expect(process.env.IDEMPOTENCY_TABLE_NAME).toBe(runtime.tables.idempotency);
    expect(process.env.DYNAMODB_ENDPOINT).toBe(runtime.dynamodbEndpoint);
  });

  it('names the service and metrics namespace the way CDK does, so local metrics carry the service', async () => {
    const { Metrics, MetricUnit } = await import('@aws-lambda-powertools/metrics');
    const metrics = new Metrics();
    metrics.addMetric('Probe', MetricUnit.Count, 1);
    const emf = metrics.serializeMetrics() as unknown as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Namespace: string }[] };
    };
    expect(emf.service).toBe('bulk-text-registry');
    expect(emf._aws.CloudWatchMetrics[0]?.Namespace).toBe('BulkTextRegistry');
  });

  it('runs no relay receivers unless asked (npm start --no-relays): no relay gets a webhook', async () => {
    expect(runtime.relays).toEqual([]);
    const admin = await runtime.mintToken({ role: 'admin' });
    const res = await fetch(`${runtime.url}/v1/relay-operators`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const { items } = (await res.json()) as { items: { relayId: string; webhookUrl?: string | null }[] };
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(items.filter((r) => r.webhookUrl)).toEqual([]);
  });

  it('serves /health from the real handler once the seed is in', async () => {
    const res = await fetch(`${runtime.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('accepts its own tokens and hands the handler string claims (real role check in the handler)', async () => {
    const relay = await runtime.mintToken({ role: 'relay', relayId: 'kt' });
    const ok = await fetch(`${runtime.url}/v1/relay-operators`, {
      headers: { authorization: `Bearer ${relay}` },
    });
    expect(ok.status).toBe(200);
    const reseller = await runtime.mintToken({ role: 'reseller', brn: '2208162517' });
    const forbidden = await fetch(`${runtime.url}/v1/registry`, {
      headers: { authorization: `Bearer ${reseller}` },
    });
    expect(forbidden.status).toBe(403);
    const none = await fetch(`${runtime.url}/v1/registry`);
    expect(none.status).toBe(401);
  });

  it('a second runtime in the same process shares the tables; a different prefix is refused clearly', async () => {
    const second = await startTestRuntime();
    try {
      expect(second.tablePrefix).toBe(runtime.tablePrefix);
      expect((await fetch(`${second.url}/health`)).status).toBe(200);
    } finally {
      await second.stop();
    }
    await expect(
      startLocalRuntime({
        port: 0,
        dynamodbEndpoint: runtime.dynamodbEndpoint,
        tablePrefix: 'other',
        quiet: true,
      }),
    ).rejects.toThrow(/already ran a local runtime on tables/);
  });

  it('stop() closes the server, including kept-alive connections', async () => {
    const third = await startTestRuntime();
    await fetch(`${third.url}/health`); // leaves a keep-alive connection open
    await third.stop();
    await expect(fetch(`${third.url}/health`)).rejects.toThrow();
  });
});

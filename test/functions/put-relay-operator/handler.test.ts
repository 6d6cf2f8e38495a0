import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { principals } from '../../support/fakes.js';

// A deployed stage: Secrets Manager holds the secrets, and webhooks must be https.
process.env.STAGE = 'prod';
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
testEnv();
const { handler } = await import('../../../functions/put-relay-operator/handler.js');
const { logger } = await import('../../../shared/http/logger.js');
const ddb = mockClient(DynamoDBDocumentClient);
const sm = mockClient(SecretsManagerClient);

const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;

const put = (body: unknown, principal = principals.admin(), relayId = 'kt') =>
  handler(
    apiEvent({
      method: 'PUT',
      path: `/v1/relay-operators/${relayId}`,
      resource: '/v1/relay-operators/{relayId}',
      principal,
      body,
      pathParameters: { relayId },
    }),
    lambdaContext,
  );

let output: string[];
beforeEach(() => {
  ddb.reset();
  sm.reset();
  ddb.on(GetCommand).resolves({ Item: { PK: 'RELAY#kt', SK: 'RELAY', relayId: 'kt', name: 'KT' } });
  ddb.on(TransactWriteCommand).resolves({});
  sm.on(CreateSecretCommand).rejects(new ResourceExistsException({ message: 'exists', $metadata: {} }));
  sm.on(PutSecretValueCommand).resolves({});
  sm.on(GetSecretValueCommand).rejects(new Error('the settings function never reads a secret'));
  sm.on(DescribeSecretCommand).resolves({ Name: 'prod/relay-webhook/kt' });
  output = [];
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture as never);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture as never);
  // Under the test run Powertools logs through the console (POWERTOOLS_DEV): read that too, every level.
  for (const method of ['log', 'debug', 'info', 'warn', 'error'] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => capture(args.join(' ')));
  logger.setLogLevel('DEBUG');
});
afterEach(() => vi.restoreAllMocks());

describe('PUT /v1/relay-operators/{relayId}', () => {
  it('stores the secret in Secrets Manager under <stage>/relay-webhook/<relayId> and never returns or logs it', async () => {
    const res = await put({
      name: 'KT',
      webhookUrl: 'https://relay.kt.example/notices',
      signingSecret: SECRET,
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      relayId: 'kt',
      name: 'KT',
      webhookUrl: 'https://relay.kt.example/notices',
      signingSecretConfigured: true,
    });
    expect(sm.commandCalls(CreateSecretCommand)[0]!.args[0].input).toMatchObject({
      Name: 'prod/relay-webhook/kt',
      SecretString: SECRET,
    });
    expect(sm.commandCalls(PutSecretValueCommand)[0]!.args[0].input).toEqual({
      SecretId: 'prod/relay-webhook/kt',
      SecretString: SECRET,
    });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put!.Item).toMatchObject({
      PK: 'RELAY#kt',
      webhookUrl: 'https://relay.kt.example/notices',
    });
    expect(JSON.stringify(items)).not.toContain(SECRET);
    expect(res.body).not.toContain('whsec_');
    expect(output.join('')).toContain('putRelayOperator'); // the request line was logged...
    expect(output.join('')).not.toContain(SECRET); // ...without the secret
  });

  it('refuses a plain-http webhook on a deployed stage, naming the field', async () => {
    const res = await put({ name: 'KT', webhookUrl: 'http://127.0.0.1:9000/n', signingSecret: SECRET });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([{ path: 'body.webhookUrl', message: expect.any(String) }]);
    expect(sm.commandCalls(CreateSecretCommand)).toHaveLength(0);
  });

  it('refuses a malformed secret without echoing it', async () => {
    const bad = 'whsec_short';
    const res = await put({ name: 'KT', webhookUrl: 'https://relay.kt.example/n', signingSecret: bad });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([
      { path: 'body.signingSecret', message: expect.any(String) },
    ]);
    expect(res.body).not.toContain(bad);
  });

  it('moves the webhook without resending the secret when one is stored (checked without reading it)', async () => {
    // skb: nothing cached in this execution environment yet.
    const res = await put(
      { name: 'SKB', webhookUrl: 'https://relay.skb.example/notices' },
      principals.admin(),
      'skb',
    );
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).signingSecretConfigured).toBe(true);
    expect(sm.commandCalls(DescribeSecretCommand)[0]!.args[0].input).toEqual({
      SecretId: 'prod/relay-webhook/skb',
    });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(sm.commandCalls(CreateSecretCommand)).toHaveLength(0);
  });

  it('is for admins only', async () => {
    const res = await put({ name: 'KT', webhookUrl: null }, principals.relay('kt'));
    expect(res.statusCode).toBe(403);
  });
});

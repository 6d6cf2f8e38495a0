import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LocalFileRelaySecretStore,
  SecretsManagerRelaySecretStore,
} from '../../../../shared/adapters/secrets/relay-secret-store.js';
import { testEnv } from '../../../support/events.js';

testEnv();
const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;

describe('the local secret store', () => {
  it('keeps one 0600 file per relay in a 0700 folder, replaced on update', async () => {
    const store = new LocalFileRelaySecretStore(dir, 'local');
    expect(await store.has('kt')).toBe(false);
    await store.put('kt', SECRET);
    const file = join(dir, 'local', 'relay-webhook', 'kt');
    expect(readFileSync(file, 'utf8')).toBe(SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'local', 'relay-webhook')).mode & 0o777).toBe(0o700);
    // Another process (a fresh store) reads what was written.
    expect(await new LocalFileRelaySecretStore(dir, 'local').get('kt')).toBe(SECRET);
    await store.put('kt', `${SECRET}x`);
    expect(await new LocalFileRelaySecretStore(dir, 'local').get('kt')).toBe(`${SECRET}x`);
  });
});

describe('the Secrets Manager store', () => {
  it('creates <stage>/relay-webhook/<relayId>, or puts a new value when it exists; reads it back once per minute', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(CreateSecretCommand)
      .resolvesOnce({})
      .rejects(new ResourceExistsException({ message: 'x', $metadata: {} }));
    sm.on(PutSecretValueCommand).resolves({});
    sm.on(GetSecretValueCommand, { SecretId: 'prod/relay-webhook/kt' }).resolves({ SecretString: SECRET });
    sm.on(GetSecretValueCommand, { SecretId: 'prod/relay-webhook/skb' }).rejects(
      new ResourceNotFoundException({ message: 'x', $metadata: {} }),
    );
    const store = new SecretsManagerRelaySecretStore(
      'prod',
      new SecretsManagerClient({ region: 'ap-northeast-2' }),
    );
    await store.put('kt', SECRET);
    await store.put('kt', SECRET);
    expect(sm.commandCalls(CreateSecretCommand).map((c) => c.args[0].input.Name)).toEqual([
      'prod/relay-webhook/kt',
      'prod/relay-webhook/kt',
    ]);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(1);
    const reader = new SecretsManagerRelaySecretStore(
      'prod',
      new SecretsManagerClient({ region: 'ap-northeast-2' }),
    );
    expect(await reader.get('kt')).toBe(SECRET);
    expect(await reader.get('kt')).toBe(SECRET);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(await reader.get('skb')).toBeUndefined();
    sm.restore();
  });
});

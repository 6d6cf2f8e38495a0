import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/domain/core/errors.js';
import type { RelaySecretStore } from '../../../../shared/domain/notices/ports.js';
import { putRelaySettings, webhookUrlAllowed } from '../../../../shared/domain/notices/relay-settings.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { seedRelays } from '../../../support/fakes-sanctions.js';

const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;

function memorySecrets() {
  const m = new Map<string, string>();
  const store: RelaySecretStore = {
    put: async (id, s) => {
      m.set(id, s);
    },
    get: async (id) => m.get(id),
    has: async (id) => m.has(id),
  };
  return { m, store };
}

describe('webhook URLs', () => {
  it('allows https anywhere and plain http only to 127.0.0.1 on the local runtime', () => {
    expect(webhookUrlAllowed('https://relay.example/notices', false)).toBe(true);
    expect(webhookUrlAllowed('http://127.0.0.1:8080/n', true)).toBe(true);
    expect(webhookUrlAllowed('http://127.0.0.1:8080/n', false)).toBe(false);
    expect(webhookUrlAllowed('http://localhost:8080/n', true)).toBe(false);
    expect(webhookUrlAllowed('http://relay.example/n', true)).toBe(false);
    expect(webhookUrlAllowed('https://user:pw@relay.example/n', false)).toBe(false);
    expect(webhookUrlAllowed('not a url', true)).toBe(false);
  });
});

describe('relay settings', () => {
  it('stores the secret in the secret store only, and the name and URL on the relay with an audit entry', async () => {
    const deps = fakeDeps();
    seedRelays(deps.store);
    const { m, store } = memorySecrets();
    const result = await putRelaySettings(
      deps,
      store,
      principals.admin(),
      'kt',
      { name: 'KT Corp', webhookUrl: 'https://kt.example/notices', signingSecret: SECRET },
      { allowLocalHttp: false },
    );
    expect(result).toMatchObject({ created: false, secretUpdated: true });
    expect(m.get('kt')).toBe(SECRET);
    expect(deps.store.relays.get('kt')).toEqual({
      relayId: 'kt',
      name: 'KT Corp',
      webhookUrl: 'https://kt.example/notices',
    });
    expect(deps.store.audit).toEqual([
      expect.objectContaining({
        entity: 'relay#kt',
        action: 'RELAY_SETTINGS_CHANGED',
        actor: 'admin:sub-admin',
      }),
    ]);
    expect(JSON.stringify(deps.store.audit)).not.toContain(SECRET);
  });

  it('keeps the stored secret when only the name or URL changes, but needs one for a first webhook', async () => {
    const deps = fakeDeps();
    seedRelays(deps.store);
    const { m, store } = memorySecrets();
    const put = (body: Parameters<typeof putRelaySettings>[4]) =>
      putRelaySettings(deps, store, principals.admin(), 'kt', body, { allowLocalHttp: false });
    await expect(put({ name: 'KT', webhookUrl: 'https://kt.example/n' })).rejects.toMatchObject({
      errors: [{ path: 'body.signingSecret', message: expect.any(String) }],
    });
    await put({ name: 'KT', webhookUrl: 'https://kt.example/n', signingSecret: SECRET });
    await expect(put({ name: 'KT', webhookUrl: 'https://kt.example/v2' })).resolves.toMatchObject({
      secretUpdated: false,
    });
    expect(m.get('kt')).toBe(SECRET);
    await put({ name: 'KT', webhookUrl: null });
    expect(deps.store.relays.get('kt')?.webhookUrl).toBeUndefined();
  });

  it('creates a relay operator that joined later', async () => {
    const deps = fakeDeps();
    const { store } = memorySecrets();
    await expect(
      putRelaySettings(
        deps,
        store,
        principals.admin(),
        'newrelay',
        { name: 'New', webhookUrl: null },
        { allowLocalHttp: false },
      ),
    ).resolves.toMatchObject({ created: true });
    expect(deps.store.audit[0]?.action).toBe('RELAY_CREATED');
  });

  it('refuses a plain-http URL outside the local runtime, naming the field', async () => {
    const deps = fakeDeps();
    const { store } = memorySecrets();
    const attempt = putRelaySettings(
      deps,
      store,
      principals.admin(),
      'kt',
      { name: 'KT', webhookUrl: 'http://127.0.0.1:9000/n', signingSecret: SECRET },
      { allowLocalHttp: false },
    );
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ errors: [{ path: 'body.webhookUrl' }] });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthorizer, Unauthorized } from '../../../infra/local/gateway/authorizer.js';
import { type LocalKeys, loadOrCreateKeys, mintLocalToken } from '../../../infra/local/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'authz-keys-'));
let keys: LocalKeys;
beforeAll(async () => {
  keys = await loadOrCreateKeys(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createAuthorizer', () => {
  it('verifies a token once and then knows the caller without verifying again', async () => {
    const authorizer = createAuthorizer(keys);
    const header = `Bearer ${await mintLocalToken({ role: 'relay', relayId: 'kt' }, { keys })}`;
    expect(authorizer.cached(header)).toBeUndefined();
    const caller = await authorizer.verify(header);
    expect(caller.claims).toMatchObject({ 'cognito:groups': 'relay', 'custom:relay_id': 'kt' });
    expect(authorizer.cached(header)).toBe(caller);
    expect(await authorizer.verify(header)).toBe(caller);
  });

  it('tells callers apart: another token is another caller', async () => {
    const authorizer = createAuthorizer(keys);
    const kt = await authorizer.verify(
      `Bearer ${await mintLocalToken({ role: 'relay', relayId: 'kt' }, { keys })}`,
    );
    const skb = await authorizer.verify(
      `Bearer ${await mintLocalToken({ role: 'relay', relayId: 'skb' }, { keys })}`,
    );
    expect(kt.id).not.toBe(skb.id);
    expect(skb.claims['custom:relay_id']).toBe('skb');
  });

  it('forgets a verified caller once the token has expired (it is verified afresh)', async () => {
    let now = Date.now();
    const authorizer = createAuthorizer(keys, () => now);
    const header = `Bearer ${await mintLocalToken({ role: 'relay', relayId: 'kt', expiresInSeconds: 60 }, { keys })}`;
    await authorizer.verify(header);
    now += 61_000;
    expect(authorizer.cached(header)).toBeUndefined();
    // jose checks expiry against the real clock, which has not moved: only the cache forgot it.
    await expect(authorizer.verify(header)).resolves.toMatchObject({ claims: expect.any(Object) });
  });

  it('refuses a missing bearer token and an invalid one with the challenge to send', async () => {
    const authorizer = createAuthorizer(keys);
    await expect(authorizer.verify('')).rejects.toMatchObject({
      detail: 'a bearer token is required',
      challenge: 'Bearer',
    });
    const refused = await authorizer.verify('Bearer not.a.token').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Unauthorized);
    expect((refused as Unauthorized).challenge).toContain('error="invalid_token"');
  });

  it('hands out claims no function can change for the next request', async () => {
    const authorizer = createAuthorizer(keys);
    const caller = await authorizer.verify(`Bearer ${await mintLocalToken({ role: 'admin' }, { keys })}`);
    expect(Object.isFrozen(caller.claims)).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTables, tableNames } from '../../../../infra/local/tables.js';
import { seedRelayOperators } from '../../../../shared/domain/notices/relay-operators.js';
import type { Reseller } from '../../../../shared/domain/resellers/eligibility.js';

// Against the run's DynamoDB Local, with tables of its own.
const prefix = `ntcrepo${randomBytes(3).toString('hex')}`;
const names = tableNames(prefix);
Object.assign(process.env, {
  TABLE_NAME: names.registry,
  IDEMPOTENCY_TABLE_NAME: names.idempotency,
  DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
  AWS_REGION: 'ap-northeast-2',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
});

const { DynamoNoticeRepository } = await import('../../../../shared/adapters/dynamodb/notice-repository.js');
const { DynamoRegistryRepository } = await import(
  '../../../../shared/adapters/dynamodb/registry-repository.js'
);
const { DynamoRelayOperatorRepository } = await import(
  '../../../../shared/adapters/dynamodb/relay-repository.js'
);
const { documentDb } = await import('../../../../shared/adapters/dynamodb/client.js');
const notices = new DynamoNoticeRepository();
const registry = new DynamoRegistryRepository();
const relays = new DynamoRelayOperatorRepository();

const at = '2026-01-15T00:00:00.000Z';
const reseller: Reseller = {
  brn: '2208162517',
  companyName: 'Co',
  existing: false,
  relayOperatorIds: ['kt'],
  status: 'UNCERTIFIED',
  throttle: null,
  version: 0,
  reason: 'no certificate',
  effectiveAt: at,
  revision: 1,
  createdAt: at,
  updatedAt: at,
};

let seq: number;
const id = (relayId: string) => `ntc_${String(seq).padStart(12, '0')}_${relayId}`;
const raw = async (noticeId: string) =>
  (
    await documentDb().send(
      new GetCommand({ TableName: names.registry, Key: { PK: `NOTICE#${noticeId}`, SK: 'NOTICE' } }),
    )
  ).Item;

beforeAll(async () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, prefix);
  for (const r of seedRelayOperators) await relays.ensure(r);
  // A suspension-like change: the commit writes one notice per relay, tied to the sanction.
  const out = await registry.commit({
    reseller: { before: undefined, after: reseller },
    change: {
      brn: reseller.brn,
      status: 'SUSPENDED',
      throttle: null,
      reason: 'transmission suspended: r',
      effectiveAt: at,
      version: 1,
      noticeType: 'reseller.suspended',
      sanctionId: 'snc_1',
      until: '2026-04-15T00:00:00.000Z',
    },
    audit: [],
  });
  seq = out.seq!;
});

describe('DynamoNoticeRepository', () => {
  it('lists a sanction’s notices, one per relay, and the pending ones created before an instant', async () => {
    const bySanction = await notices.listBySanction('snc_1');
    expect(bySanction.map((n) => n.relayId).sort()).toEqual(seedRelayOperators.map((r) => r.relayId).sort());
    expect(bySanction[0]).not.toHaveProperty('GSI1PK');
    const before = await notices.listPending('2026-01-15T00:00:01.000Z', { limit: 4 });
    expect(before.items).toHaveLength(4);
    expect(before.nextCursor).toBeDefined();
    expect((await notices.listPending(at, { limit: 100 })).items).toEqual([]);
  });

  it('claims an attempt once: a second claim while the lease holds is busy; a settled notice is settled', async () => {
    const claim = await notices.claimAttempt(id('kt'), at, 30_000);
    expect(claim).toMatchObject({ kind: 'claimed', notice: { attempts: 1, lastAttemptAt: at } });
    expect(claim.kind === 'claimed' && 'leaseUntil' in claim.notice).toBe(false);
    expect(await notices.claimAttempt(id('kt'), at, 30_000)).toMatchObject({ kind: 'busy' });
    await notices.recordDelivered(id('kt'), '2026-01-15T00:00:01.000Z');
    expect(await notices.claimAttempt(id('kt'), at, 30_000)).toMatchObject({
      kind: 'settled',
      notice: { delivery: 'DELIVERED', deliveredAt: '2026-01-15T00:00:01.000Z' },
    });
    // Delivered notices leave the sparse pending index.
    const item = await raw(id('kt'));
    expect(item?.GSI3PK).toBeUndefined();
    expect(item?.leaseUntil).toBeUndefined();
    expect(await notices.claimAttempt('ntc_nope', at, 30_000)).toEqual({ kind: 'missing' });
  });

  it('lets the next attempt claim once the lease expired, and records failures (final ones leave the index)', async () => {
    expect(await notices.claimAttempt(id('skb'), at, 1)).toMatchObject({ kind: 'claimed' });
    await new Promise((r) => setTimeout(r, 5));
    expect(await notices.claimAttempt(id('skb'), at, 30_000)).toMatchObject({
      kind: 'claimed',
      notice: { attempts: 2 },
    });
    await notices.recordFailure(id('skb'), {
      at,
      error: 'HTTP 500',
      final: false,
      nextAttemptAt: '2026-01-15T00:00:15.000Z',
    });
    expect(await raw(id('skb'))).toMatchObject({
      delivery: 'PENDING',
      lastError: 'HTTP 500',
      nextAttemptAt: '2026-01-15T00:00:15.000Z',
      GSI3PK: 'OUTBOX#PENDING',
    });
    await notices.recordFailure(id('skb'), { at, error: 'HTTP 500', final: true });
    const failed = await raw(id('skb'));
    expect(failed).toMatchObject({ delivery: 'FAILED', failedAt: at });
    expect(failed?.GSI3PK).toBeUndefined();
    expect(failed?.nextAttemptAt).toBeUndefined();
  });

  it('marks only pending notices for re-drive, and the next claim clears the mark', async () => {
    expect(await notices.requestRedrive(id('daou'), at)).toBe(true);
    expect(await raw(id('daou'))).toMatchObject({ redriveRequestedAt: at, redrives: 1 });
    expect(await notices.requestRedrive(id('kt'), at)).toBe(false); // delivered
    await notices.claimAttempt(id('daou'), at, 30_000);
    expect((await raw(id('daou')))?.redriveRequestedAt).toBeUndefined();
  });

  it('lists one relay’s notices newest first, by delivery state, and pages a filtered read', async () => {
    await registry.commit({
      reseller: {
        before: reseller,
        after: { ...reseller, status: 'CERTIFIED', version: 2, revision: 2 },
      },
      change: {
        brn: reseller.brn,
        status: 'CERTIFIED',
        throttle: null,
        reason: 'reinstated',
        effectiveAt: '2026-01-16T00:00:00.000Z',
        version: 2,
        noticeType: 'reseller.reinstated',
      },
      audit: [],
    });
    const all = await notices.listByRelay('skb', {}, { limit: 10 });
    expect(all.items.map((n) => n.relayId)).toEqual(['skb', 'skb']);
    expect(all.items.map((n) => n.seq)).toEqual([...all.items.map((n) => n.seq)].sort((a, b) => b - a));
    const failed = await notices.listByRelay('skb', { delivery: 'FAILED' }, { limit: 10 });
    expect(failed.items.map((n) => n.noticeId)).toEqual([id('skb')]);
    expect(failed.items[0]).not.toHaveProperty('GSI2PK');
    expect((await notices.listByRelay('kt', { delivery: 'FAILED' }, { limit: 10 })).items).toEqual([]);
    const first = await notices.listByRelay('skb', {}, { limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.items[0]?.delivery).toBe('PENDING');
    const second = await notices.listByRelay('skb', {}, { limit: 1, cursor: first.nextCursor! });
    expect(second.items[0]?.noticeId).toBe(id('skb'));
  });

  it('re-drives a FAILED notice of that relay only, back on the pending index, with its audit entry', async () => {
    const failed = (await notices.get(id('skb')))!;
    const audit = { entity: `notice#${id('skb')}`, at, actor: 'admin:x', action: 'REDRIVEN' };
    expect(await notices.redriveFailed({ ...failed, relayId: 'kt' }, at, audit)).toBe(false);
    expect(await notices.redriveFailed(failed, at, audit)).toBe(true);
    const item = await raw(id('skb'));
    expect(item).toMatchObject({
      delivery: 'PENDING',
      attempts: 0,
      redriveRequestedAt: at,
      GSI3PK: 'OUTBOX#PENDING',
      GSI3SK: `${failed.createdAt}#${id('skb')}`,
    });
    expect(item?.failedAt).toBeUndefined();
    expect(item?.lastError).toBeUndefined();
    // No longer FAILED: a second re-drive does nothing.
    expect(await notices.redriveFailed(failed, at, audit)).toBe(false);
    const trail = await documentDb().send(
      new QueryCommand({
        TableName: names.registry,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#notice#${id('skb')}` },
      }),
    );
    expect(trail.Items?.map((i) => i.action)).toEqual(['REDRIVEN']);
  });

  it('records the relay’s first acknowledgement; another relay cannot acknowledge it', async () => {
    expect(await notices.ack(id('surem'), 'surem', at)).toMatchObject({ ackedAt: at });
    expect(await notices.ack(id('surem'), 'surem', '2026-01-16T00:00:00.000Z')).toMatchObject({
      ackedAt: at,
    });
    expect(await notices.ack(id('surem'), 'kt', at)).toBeUndefined();
    expect(await notices.ack('ntc_nope', 'kt', at)).toBeUndefined();
  });
});

describe('DynamoRelayOperatorRepository.update', () => {
  it('replaces the settings and writes the audit entry with them; a removed webhook is gone', async () => {
    const audit = { entity: 'relay#kt', at, actor: 'admin:x', action: 'RELAY_SETTINGS_CHANGED' };
    await relays.update({ relayId: 'kt', name: 'KT Corp', webhookUrl: 'https://kt.example/n' }, audit);
    expect(await relays.get('kt')).toEqual({
      relayId: 'kt',
      name: 'KT Corp',
      webhookUrl: 'https://kt.example/n',
    });
    await relays.update({ relayId: 'kt', name: 'KT Corp' }, audit);
    expect(await relays.get('kt')).toEqual({ relayId: 'kt', name: 'KT Corp' });
    expect((await relays.list()).find((r) => r.relayId === 'kt')?.name).toBe('KT Corp');
  });
});

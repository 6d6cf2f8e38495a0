import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTables, tableNames } from '../../../../infra/local/tables.js';
import type { Application } from '../../../../shared/domain/applications/application.js';
import { ConcurrentUpdateError, ValidationError } from '../../../../shared/domain/core/errors.js';
import type { Reseller } from '../../../../shared/domain/resellers/eligibility.js';
import { resellerFixture } from '../../../support/fixtures.js';

// These tests talk to the real DynamoDB Local of the run, with tables of their own.
const prefix = `repo${randomBytes(3).toString('hex')}`;
const names = tableNames(prefix);
process.env.TABLE_NAME = names.registry;
process.env.IDEMPOTENCY_TABLE_NAME = names.idempotency;
process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
process.env.AWS_REGION = 'ap-northeast-2';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';

const { DynamoApplicationRepository, DynamoRegistryRepository, DynamoResellerRepository } = await import(
  '../../../../shared/adapters/dynamodb/registry-repository.js'
);
const resellers = new DynamoResellerRepository();
const applications = new DynamoApplicationRepository();
const registry = new DynamoRegistryRepository();

beforeAll(async () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, prefix);
});

let n = 0;
const reseller = (brn: string, over: Partial<Reseller> = {}) => resellerFixture(brn, over);

function application(brn: string, status: Application['status'] = 'SUBMITTED'): Application {
  n += 1;
  return {
    applicationId: `app_${String(n).padStart(12, '0')}${randomBytes(2).toString('hex')}`,
    brn,
    companyName: 'Co',
    status,
    submittedAt: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision: 1,
    submission: {} as Application['submission'],
    checklistVersion: 7,
    failedItems: [],
    reasons: [],
    flags: [],
    history: [],
  };
}

const change = (brn: string, version: number) => ({
  brn,
  status: 'GRACE' as const,
  throttle: null,
  reason: 'imported',
  effectiveAt: '2024-07-01T00:00:00.000Z',
  version,
  noticeType: 'reseller.certified' as const,
});

describe('DynamoDB registry repository', () => {
  it('commits reseller, change-feed entry and audit together and reads them back', async () => {
    const r = reseller('2208162517');
    const { seq } = await registry.commit({
      reseller: { before: undefined, after: r },
      change: change(r.brn, 1),
      audit: [
        { entity: `reseller#${r.brn}`, at: r.createdAt, actor: 'admin:x', action: 'IMPORTED_EXISTING' },
      ],
    });
    expect(await resellers.get(r.brn)).toEqual(r);
    expect(await registry.changes((seq ?? 1) - 1, 10)).toEqual([{ seq, ...change(r.brn, 1) }]);
  });

  it('writes nothing when one part of the transaction fails its condition', async () => {
    const existing = reseller('1248100998');
    await registry.commit({ reseller: { before: undefined, after: existing }, audit: [] });
    const head = await registry.head();
    const app = application('1248100998');
    // The reseller is claimed "new" but exists: the whole unit must be cancelled.
    await expect(
      registry.commit({
        reseller: { before: undefined, after: { ...existing, companyName: 'Changed' } },
        application: { before: undefined, after: app },
        change: change(existing.brn, 2),
        audit: [{ entity: 'x', at: 'now', actor: 'a', action: 'b' }],
      }),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await applications.get(app.applicationId)).toBeUndefined();
    expect((await resellers.get(existing.brn))?.companyName).toBe(existing.companyName);
    expect(await registry.head()).toBe(head);
  });

  it('refuses a write based on a stale revision', async () => {
    const r = reseller('1010101013');
    await registry.commit({ reseller: { before: undefined, after: r }, audit: [] });
    await registry.commit({
      reseller: { before: r, after: { ...r, revision: 2, companyName: 'First' } },
      audit: [],
    });
    await expect(
      registry.commit({
        reseller: { before: r, after: { ...r, revision: 2, companyName: 'Second' } },
        audit: [],
      }),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect((await resellers.get(r.brn))?.companyName).toBe('First');
  });

  it('gives concurrent changes distinct, gapless feed sequence numbers', async () => {
    const start = await registry.head();
    const brns = ['3131313134', '5550001116', '9999999997', '0000000015', '1234567891'];
    const results = await Promise.all(
      brns.map((brn) =>
        registry.commit({
          reseller: { before: undefined, after: reseller(brn) },
          change: change(brn, 1),
          audit: [],
        }),
      ),
    );
    const seqs = results.map((r) => r.seq).sort((a, b) => a! - b!);
    expect(seqs).toEqual([1, 2, 3, 4, 5].map((i) => start + i));
    const feed = await registry.changes(start, 100);
    expect(feed.map((c) => c.seq)).toEqual(seqs);
    expect(new Set(feed.map((c) => c.brn))).toEqual(new Set(brns));
  });

  it('pages applications by reseller and by status with opaque cursors', async () => {
    const brn = '7000000003';
    for (let i = 0; i < 3; i++) {
      await registry.commit({
        application: { before: undefined, after: application(brn, 'INSPECTION') },
        audit: [],
      });
    }
    const first = await applications.list({ brn }, { limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await applications.list({ brn }, { limit: 2, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(1);
    const byStatus = await applications.list({ status: 'INSPECTION' }, { limit: 10 });
    expect(byStatus.items.filter((a) => a.brn === brn)).toHaveLength(3);
    await expect(applications.list({}, { limit: 2, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('finds resellers in bad standing through the sparse index', async () => {
    const bad = reseller('8000000002', {
      standing: { status: 'REVOKED', since: '2026-02-01T00:00:00.000Z' },
    });
    const old = reseller('8100000009', {
      standing: { status: 'SUSPENDED', since: '2020-01-01T00:00:00.000Z', until: '2020-04-01T00:00:00.000Z' },
    });
    // A suspension long ago but ended within the look-back window still counts.
    const recent = reseller('8200000006', {
      standing: { status: 'SUSPENDED', since: '2020-01-01T00:00:00.000Z', until: '2025-08-01T00:00:00.000Z' },
    });
    await registry.commit({ reseller: { before: undefined, after: bad }, audit: [] });
    await registry.commit({ reseller: { before: undefined, after: old }, audit: [] });
    await registry.commit({ reseller: { before: undefined, after: recent }, audit: [] });
    const found = await resellers.listInBadStanding('2025-06-01T00:00:00.000Z');
    expect(found.map((r) => r.brn).sort()).toEqual(['8000000002', '8200000006']);
  });

  it('writes one notice per relay in the same transaction as the change (the outbox)', async () => {
    const { DynamoRelayOperatorRepository } = await import(
      '../../../../shared/adapters/dynamodb/relay-repository.js'
    );
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentDb } = await import('../../../../shared/adapters/dynamodb/client.js');
    const relays = new DynamoRelayOperatorRepository();
    await relays.ensure({ relayId: 'kt', name: 'KT' });
    await relays.ensure({ relayId: 'skb', name: 'SK Broadband' });
    const fresh = new DynamoRegistryRepository(); // no cached relay list
    const r = reseller('6000000004', { status: 'SUSPENDED' });
    const { seq } = await fresh.commit({
      reseller: { before: undefined, after: r },
      change: {
        ...change(r.brn, 1),
        status: 'SUSPENDED',
        noticeType: 'reseller.suspended',
        sanctionId: 'snc_1',
        until: null,
      },
      audit: [],
    });
    for (const relayId of ['kt', 'skb']) {
      const id = `ntc_${String(seq).padStart(12, '0')}_${relayId}`;
      const out = await documentDb().send(
        new GetCommand({ TableName: names.registry, Key: { PK: `NOTICE#${id}`, SK: 'NOTICE' } }),
      );
      expect(out.Item).toMatchObject({
        noticeId: id,
        relayId,
        type: 'reseller.suspended',
        brn: r.brn,
        delivery: 'PENDING',
        sanctionId: 'snc_1',
        GSI3PK: 'OUTBOX#PENDING',
      });
    }
  });

  it('allocates certificate serials per year without duplicates', async () => {
    const serials = await Promise.all([1, 2, 3, 4].map(() => registry.nextCertificateSerial(2031)));
    expect(serials.sort()).toEqual([1, 2, 3, 4]);
    expect(await registry.nextCertificateSerial(2032)).toBe(1);
  });
});

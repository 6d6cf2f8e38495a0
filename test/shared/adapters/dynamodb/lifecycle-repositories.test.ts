import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTables, tableNames } from '../../../../infra/local/tables.js';
import type { Inspection } from '../../../../shared/domain/inspections/inspection.js';

// The real DynamoDB Local of the run, with tables of this file's own.
const prefix = `life${randomBytes(3).toString('hex')}`;
const names = tableNames(prefix);
process.env.TABLE_NAME = names.registry;
process.env.IDEMPOTENCY_TABLE_NAME = names.idempotency;
process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
process.env.AWS_REGION = 'ap-northeast-2';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';

const { DynamoRegistryRepository } = await import(
  '../../../../shared/adapters/dynamodb/registry-repository.js'
);
const { DynamoAuditRepository, monthsBetween } = await import(
  '../../../../shared/adapters/dynamodb/audit-repository.js'
);
const { DynamoInspectionRepository } = await import(
  '../../../../shared/adapters/dynamodb/lifecycle-repositories.js'
);
const { ConcurrentUpdateError } = await import('../../../../shared/domain/core/errors.js');
const registry = new DynamoRegistryRepository();
const audits = new DynamoAuditRepository();
const inspections = new DynamoInspectionRepository();

beforeAll(async () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, prefix);
});

const entry = (entity: string, at: string, action = 'X') => ({ entity, at, actor: 'system', action });

describe('the audit trail', () => {
  it('lists every entity newest first across months, page by page, within the window', async () => {
    await registry.commit({
      audit: [
        entry('reseller#1', '2026-01-31T23:00:00.000Z'),
        entry('application#a', '2026-02-01T01:00:00.000Z'),
        entry('reseller#1', '2026-02-15T00:00:00.000Z'),
        entry('inspection#i', '2026-04-01T00:00:00.000Z'),
        entry('reseller#2', '2026-05-01T00:00:00.000Z'),
      ],
    });
    const window = { from: '2026-01-01T00:00:00.000Z', to: '2026-04-30T00:00:00.000Z' };
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await audits.list(window, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.at));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      '2026-04-01T00:00:00.000Z',
      '2026-02-15T00:00:00.000Z',
      '2026-02-01T01:00:00.000Z',
      '2026-01-31T23:00:00.000Z',
    ]);
  });

  it('lists one entity’s entries with their actor and action', async () => {
    const page = await audits.list(
      { entity: 'reseller#1', from: '2026-01-01T00:00:00.000Z', to: '2026-12-31T00:00:00.000Z' },
      { limit: 10 },
    );
    expect(page.items).toEqual([
      { entity: 'reseller#1', at: '2026-02-15T00:00:00.000Z', actor: 'system', action: 'X' },
      { entity: 'reseller#1', at: '2026-01-31T23:00:00.000Z', actor: 'system', action: 'X' },
    ]);
  });

  it('counts months back from `to` to `from`', () => {
    expect(monthsBetween('2025-11-20T00:00:00Z', '2026-02-01T00:00:00Z')).toEqual([
      '2026-02',
      '2026-01',
      '2025-12',
      '2025-11',
    ]);
  });
});

function inspection(id: string, over: Partial<Inspection> = {}): Inspection {
  return {
    inspectionId: id,
    brn: '2208162517',
    certificateId: 'C-2026-000001',
    kind: 'ANNUAL',
    status: 'SCHEDULED',
    opensAt: '2027-01-01T15:00:00.000Z',
    dueAt: '2027-01-31T15:00:00.000Z',
    priorFailures: 0,
    failedItems: [],
    history: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision: 1,
    ...over,
  };
}

describe('inspections', () => {
  it('are written with the commit, guarded by revision, and listed by status, assignee and due date', async () => {
    const a = inspection('insp_a', { status: 'OPEN', assignee: 'kim', dueAt: '2027-01-10T15:00:00.000Z' });
    const b = inspection('insp_b', { status: 'OPEN', dueAt: '2027-02-10T15:00:00.000Z' });
    await registry.commit({
      records: [
        { kind: 'inspection', before: undefined, after: a },
        { kind: 'inspection', before: undefined, after: b },
      ],
      audit: [],
    });
    await expect(
      registry.commit({ records: [{ kind: 'inspection', before: undefined, after: a }], audit: [] }),
    ).rejects.toThrow(ConcurrentUpdateError);
    expect(await inspections.get('insp_a')).toEqual(a);
    const open = await inspections.list({ status: 'OPEN' }, { limit: 10 });
    expect(open.items.map((i) => i.inspectionId)).toEqual(['insp_a', 'insp_b']);
    const due = await inspections.list(
      { status: 'OPEN', dueBefore: '2027-01-31T00:00:00.000Z' },
      { limit: 10 },
    );
    expect(due.items.map((i) => i.inspectionId)).toEqual(['insp_a']);
    const kims = await inspections.list({ assignee: 'kim' }, { limit: 10 });
    expect(kims.items.map((i) => i.inspectionId)).toEqual(['insp_a']);
    const mine = await inspections.list({ brn: '2208162517', status: 'OPEN' }, { limit: 10 });
    expect(mine.items).toHaveLength(2);
  });
});

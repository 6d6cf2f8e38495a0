import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTables, tableNames } from '../../../../infra/local/tables.js';
import type { SpamCase } from '../../../../shared/domain/ports.js';
import { application, changeReport, objection } from '../../domain/work-queues/fixtures.js';

// The real DynamoDB Local of the run, with tables of this file's own.
const prefix = `wq${randomBytes(3).toString('hex')}`;
const names = tableNames(prefix);
process.env.TABLE_NAME = names.registry;
process.env.IDEMPOTENCY_TABLE_NAME = names.idempotency;
process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
process.env.AWS_REGION = 'ap-northeast-2';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';

const { DynamoRegistryRepository, DynamoApplicationRepository, DynamoCaseRepository } = await import(
  '../../../../shared/adapters/dynamodb/registry-repository.js'
);
const { DynamoObjectionRepository, DynamoChangeReportRepository } = await import(
  '../../../../shared/adapters/dynamodb/lifecycle-repositories.js'
);
const registry = new DynamoRegistryRepository();
const applications = new DynamoApplicationRepository();
const cases = new DynamoCaseRepository();
const objections = new DynamoObjectionRepository();
const changeReports = new DynamoChangeReportRepository();

const spamCase = (caseId: string, brn: string, over: Partial<SpamCase> = {}): SpamCase => ({
  caseId,
  brn,
  status: 'OPEN',
  openedAt: '2026-01-10T00:00:00.000Z',
  evidence: { from: '', to: '', reports: 100, malicious: 0, byCategory: {}, byRelay: {}, threshold: 't' },
  revision: 1,
  ...over,
});

const all = { limit: 100 };
const ids = <T>(page: { items: T[] }, key: keyof T) => page.items.map((i) => i[key]).sort();
const DUE = '2026-02-15T00:00:00.000Z';

beforeAll(async () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, prefix);
  const audit: never[] = [];
  for (const a of [
    application('app_kim', { assignee: 'kim' }),
    application('app_later', { status: 'COMMITTEE_REVIEW', deadline: '2026-03-31T15:00:00.000Z' }),
    application('app_supplement', { status: 'SUPPLEMENT_REQUESTED', deadline: '2026-01-10T15:00:00.000Z' }),
  ])
    await registry.commit({ application: { before: undefined, after: a }, audit });
  await registry.commit({
    spamCase: {
      before: undefined,
      after: spamCase('case_soon', '2208162517', { dueAt: '2026-02-09T15:00:00.000Z', assignee: 'kim' }),
    },
    audit,
  });
  await registry.commit({
    spamCase: {
      before: undefined,
      after: spamCase('case_late', '1248100998', { dueAt: '2026-02-20T15:00:00.000Z' }),
    },
    audit,
  });
  await registry.commit({
    records: [
      { kind: 'objection', before: undefined, after: objection('obj_kim', { assignee: 'kim' }) },
      {
        kind: 'objection',
        before: undefined,
        after: objection('obj_later', { dueAt: '2026-03-01T15:00:00.000Z' }),
      },
      { kind: 'changeReport', before: undefined, after: changeReport('chg_open') },
      {
        kind: 'changeReport',
        before: undefined,
        after: changeReport('chg_done', { status: 'ACCEPTED', assignee: 'kim' }),
      },
    ],
    audit,
  });
});

describe('work-queue filters over DynamoDB', () => {
  it('applications: by assignee, and due only while a staff step is open', async () => {
    expect(ids(await applications.list({ assignee: 'kim' }, all), 'applicationId')).toEqual(['app_kim']);
    expect(ids(await applications.list({ dueBefore: DUE }, all), 'applicationId')).toEqual(['app_kim']);
    expect(ids(await applications.list({ status: 'COMMITTEE_REVIEW' }, all), 'applicationId')).toEqual([
      'app_later',
    ]);
  });

  it('cases: by status with due time, by reseller with assignee', async () => {
    expect(ids(await cases.list({ status: 'OPEN', dueBefore: DUE }, all), 'caseId')).toEqual(['case_soon']);
    expect(ids(await cases.list({ brn: '2208162517', assignee: 'kim' }, all), 'caseId')).toEqual([
      'case_soon',
    ]);
    expect(ids(await cases.list({ brn: '1248100998', assignee: 'kim' }, all), 'caseId')).toEqual([]);
  });

  it('objections and change reports: by status, assignee and due time', async () => {
    expect(ids(await objections.list({ status: 'FILED', dueBefore: DUE }, all), 'objectionId')).toEqual([
      'obj_kim',
    ]);
    expect(ids(await objections.list({ assignee: 'kim' }, all), 'objectionId')).toEqual(['obj_kim']);
    expect(
      ids(await changeReports.list({ status: 'UNDER_REVIEW', dueBefore: DUE }, all), 'changeReportId'),
    ).toEqual(['chg_open']);
    expect(ids(await changeReports.list({ assignee: 'kim' }, all), 'changeReportId')).toEqual(['chg_done']);
    expect(ids(await changeReports.list({}, all), 'changeReportId')).toEqual(['chg_done', 'chg_open']);
  });
});

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import type { Application } from '../../domain/applications/application.js';
import type { ApplicationStatus } from '../../domain/applications/status-transitions.js';
import { ConcurrentUpdateError, OpenCaseExistsError } from '../../domain/core/errors.js';
import type {
  ApplicationRepository,
  CaseRepository,
  ChangeEntry,
  Notice,
  Page,
  PageRequest,
  RegistryCommit,
  RegistryRepository,
  ResellerRepository,
  Sanction,
  SanctionRepository,
  SpamCase,
} from '../../domain/ports.js';
import type { Reseller } from '../../domain/resellers/eligibility.js';
import { staffApplicationStatuses, type WorkQueueFilter } from '../../domain/work-queues/work-queue.js';
import { onRelaysChanged, resellerChanged } from '../invalidation.js';
import { documentDb, queryPage } from './client.js';
import { keys, stripKeys } from './keys.js';
import { lifecycleItem } from './lifecycle-repositories.js';
import { registryStatisticsIncrements } from './spam-statistics.js';
import { workQueueQuery } from './work-queue-filter.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const table = () => env().TABLE_NAME;

/** Conditional put: the item must be absent (create) or still at the revision we read. */
function revisionGuard(before: { revision: number } | undefined) {
  return before
    ? { ConditionExpression: 'revision = :rev', ExpressionAttributeValues: { ':rev': before.revision } }
    : { ConditionExpression: 'attribute_not_exists(PK)' };
}

export function resellerItem(r: Reseller): Record<string, unknown> {
  return {
    ...keys.reseller(r.brn),
    ...keys.resellerIndex(r.brn),
    ...(r.standing ? keys.standingIndex(r.standing, r.brn) : {}),
    ...(r.dueAt ? keys.dueIndex(r.dueAt, r.brn) : {}),
    entity: 'reseller',
    ...r,
  };
}

export function applicationItem(a: Application): Record<string, unknown> {
  return { ...keys.application(a.applicationId), ...keys.applicationIndexes(a), entity: 'application', ...a };
}

export class DynamoResellerRepository implements ResellerRepository {
  async get(brn: string): Promise<Reseller | undefined> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.reseller(brn), ConsistentRead: true }),
    );
    return out.Item ? stripKeys<Reseller>(out.Item) : undefined;
  }

  async list(page: PageRequest): Promise<Page<Reseller>> {
    return queryPage<Reseller>(
      {
        TableName: table(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.resellerIndex('').GSI1PK },
      },
      page,
    );
  }

  async listDue(until: string, page: PageRequest): Promise<Page<Reseller>> {
    return queryPage<Reseller>(
      {
        TableName: table(),
        IndexName: 'GSI2',
        // `~` sorts after every brn digit: everything due at or before `until`.
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :until',
        ExpressionAttributeValues: { ':pk': keys.duePartition, ':until': `${until}#~` },
      },
      page,
    );
  }

  async latestDueAtOrBefore(until: string): Promise<string | undefined> {
    const out = await documentDb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :until',
        ExpressionAttributeValues: { ':pk': keys.duePartition, ':until': `${until}#~` },
        ScanIndexForward: false,
        Limit: 1,
        ProjectionExpression: 'dueAt',
      }),
    );
    const due = out.Items?.[0]?.dueAt;
    return typeof due === 'string' ? due : undefined;
  }

  async listInBadStanding(since: string): Promise<Reseller[]> {
    const items: Reseller[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await documentDb().send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK >= :since',
          ExpressionAttributeValues: { ':pk': keys.standingPartition, ':since': since },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map((i) => stripKeys<Reseller>(i)));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

export class DynamoApplicationRepository implements ApplicationRepository {
  async get(applicationId: string): Promise<Application | undefined> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.application(applicationId), ConsistentRead: true }),
    );
    return out.Item ? stripKeys<Application>(out.Item) : undefined;
  }

  async list(
    filter: { brn?: string; status?: ApplicationStatus } & WorkQueueFilter,
    page: PageRequest,
  ): Promise<Page<Application>> {
    const idx = filter.brn
      ? keys.applicationsByBrn(filter.brn)
      : filter.status
        ? keys.applicationsByStatus(filter.status)
        : keys.allApplications();
    // By reseller and status together: the reseller's partition is small, filter there.
    return queryPage<Application>(
      {
        TableName: table(),
        ...workQueueQuery(idx, filter, {
          statusInKey: !filter.brn,
          // An application is due while staff owe its open step (work-queue.ts applicationDueAt).
          dueAttribute: 'deadline',
          staffStatuses: [...staffApplicationStatuses],
        }),
      },
      page,
    );
  }
}

const MAX_SEQ_RETRIES = 8;
const RELAY_CACHE_MS = 60_000;

export function noticeItem(n: Notice): Record<string, unknown> {
  return { ...keys.notice(n.noticeId), ...keys.noticeIndexes(n), entity: 'notice', ...n };
}

/** The outbox items of one change: one notice per relay operator. */
export function noticesFor(
  seq: number,
  change: Omit<ChangeEntry, 'seq'>,
  relayIds: readonly string[],
): Notice[] {
  return relayIds.map((relayId) => ({
    noticeId: keys.noticeId(seq, relayId),
    relayId,
    seq,
    type: change.noticeType,
    brn: change.brn,
    status: change.status,
    throttle: change.throttle,
    effectiveAt: change.effectiveAt,
    until: change.until ?? null,
    reason: change.reason,
    version: change.version,
    ...(change.sanctionId ? { sanctionId: change.sanctionId } : {}),
    delivery: 'PENDING' as const,
    attempts: 0,
    createdAt: change.effectiveAt,
  }));
}

export class DynamoRegistryRepository implements RegistryRepository {
  private relayIds: { ids: string[]; at: number } | undefined;

  constructor() {
    // A relay added in this process receives the very next notice; elsewhere within the cache's minute.
    onRelaysChanged(() => {
      this.relayIds = undefined;
    });
  }

  /** Relay ids change rarely (an admin adds one); a minute's cache keeps commits at one read. */
  private async relays(): Promise<string[]> {
    if (!this.relayIds || Date.now() - this.relayIds.at > RELAY_CACHE_MS) {
      const out = await documentDb().send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.relayIndex('').GSI1PK },
          ProjectionExpression: 'relayId',
        }),
      );
      this.relayIds = { ids: (out.Items ?? []).map((i) => String(i.relayId)).sort(), at: Date.now() };
    }
    return this.relayIds.ids;
  }

  async nextCertificateSerial(year: number): Promise<number> {
    const out = await documentDb().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.certificateCounter(year),
        UpdateExpression: 'ADD serial :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return out.Attributes?.serial as number;
  }

  async head(): Promise<number> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.feedHead(), ConsistentRead: true }),
    );
    return (out.Item?.seq as number | undefined) ?? 0;
  }

  async changes(after: number, limit: number): Promise<ChangeEntry[]> {
    const out = await documentDb().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk AND SK > :after',
        ExpressionAttributeValues: { ':pk': keys.feedPartition, ':after': keys.feedEntry(after).SK },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => stripKeys<ChangeEntry>(i));
  }

  async commit(unit: RegistryCommit): Promise<{ seq?: number }> {
    for (let attempt = 0; ; attempt++) {
      const items: TransactItem[] = [];
      const labels: string[] = [];
      let seq: number | undefined;
      if (unit.change) {
        // The feed sequence is allocated inside the transaction: the head moves from the value we
        // read to the next one, or the whole commit is retried.
        const current = await this.head();
        seq = current + 1;
        items.push({
          Put: {
            TableName: table(),
            Item: { ...keys.feedHead(), seq },
            ...(current === 0
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : { ConditionExpression: 'seq = :seq', ExpressionAttributeValues: { ':seq': current } }),
          },
        });
        labels.push('head');
        items.push({
          Put: {
            TableName: table(),
            Item: { ...keys.feedEntry(seq), entity: 'change', seq, ...unit.change },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        });
        labels.push('feed');
        // The outbox: every relay's notice commits with the change, or none does.
        for (const notice of noticesFor(seq, unit.change, await this.relays())) {
          items.push({
            Put: {
              TableName: table(),
              Item: noticeItem(notice),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          });
          labels.push('notice');
        }
      }
      if (unit.reseller) {
        items.push({
          Put: {
            TableName: table(),
            Item: resellerItem(unit.reseller.after),
            ...revisionGuard(unit.reseller.before),
          },
        });
        labels.push('reseller');
      }
      if (unit.application) {
        items.push({
          Put: {
            TableName: table(),
            Item: applicationItem(unit.application.after),
            ...revisionGuard(unit.application.before),
          },
        });
        labels.push('application');
      }
      if (unit.spamCase) {
        const { before, after } = unit.spamCase;
        items.push({
          Put: {
            TableName: table(),
            Item: { ...keys.spamCase(after.caseId), ...keys.caseIndexes(after), entity: 'case', ...after },
            ...revisionGuard(before),
          },
        });
        labels.push('case');
        if (!before && after.status === 'OPEN') {
          // One open case per reseller: opening a second one cancels the whole unit.
          items.push({
            Put: {
              TableName: table(),
              Item: { ...keys.openCaseLock(after.brn), caseId: after.caseId },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          });
          labels.push('case-lock');
        } else if (before?.status === 'OPEN' && after.status !== 'OPEN') {
          items.push({ Delete: { TableName: table(), Key: keys.openCaseLock(after.brn) } });
          labels.push('case-unlock');
        }
      }
      if (unit.sanction) {
        const { before, after } = unit.sanction;
        items.push({
          Put: {
            TableName: table(),
            Item: {
              ...keys.sanction(after.sanctionId),
              ...keys.sanctionIndexes(after),
              entity: 'sanction',
              ...after,
            },
            ...revisionGuard(before),
          },
        });
        labels.push('sanction');
      }
      for (const record of unit.records ?? []) {
        items.push({
          Put: { TableName: table(), Item: lifecycleItem(record), ...revisionGuard(record.before) },
        });
        labels.push('record');
      }
      // Monthly statistics (certifications, sanctions) count in the same transaction as the event.
      for (const item of registryStatisticsIncrements(unit, table())) {
        items.push(item);
        labels.push('stats');
      }
      for (const [i, a] of unit.audit.entries()) {
        items.push({
          Put: {
            TableName: table(),
            // Append-only: an audit entry is never overwritten.
            Item: {
              ...keys.audit(a.entity, a.at, `${attempt}-${i}-${Math.random().toString(36).slice(2)}`),
              ...a,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        });
        labels.push('audit');
      }
      try {
        await documentDb().send(new TransactWriteCommand({ TransactItems: items }));
        if (unit.reseller) resellerChanged(unit.reseller.after.brn);
        return seq === undefined ? {} : { seq };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const failed = (error.CancellationReasons ?? [])
          .map((r, i) => (r.Code === 'ConditionalCheckFailed' ? labels[i] : undefined))
          .filter(Boolean);
        if (failed.includes('case-lock')) {
          throw new OpenCaseExistsError('this reseller already has an open case');
        }
        if (['reseller', 'application', 'case', 'sanction', 'record'].some((l) => failed.includes(l))) {
          throw new ConcurrentUpdateError('the record changed while this request was processed; retry');
        }
        const contended =
          failed.includes('head') ||
          (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
        if (contended && attempt < MAX_SEQ_RETRIES) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        throw error;
      }
    }
  }
}

export class DynamoCaseRepository implements CaseRepository {
  async get(caseId: string): Promise<SpamCase | undefined> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.spamCase(caseId), ConsistentRead: true }),
    );
    return out.Item ? stripKeys<SpamCase>(out.Item) : undefined;
  }

  async list(
    filter: { status?: SpamCase['status']; brn?: string } & WorkQueueFilter,
    page: PageRequest,
  ): Promise<Page<SpamCase>> {
    const [index, pk, value] = filter.brn
      ? ['GSI2', 'GSI2PK', `CASES#BRN#${filter.brn}`]
      : filter.status
        ? ['GSI1', 'GSI1PK', `CASES#STATUS#${filter.status}`]
        : ['GSI3', 'GSI3PK', 'CASES'];
    return queryPage<SpamCase>(
      {
        TableName: table(),
        ...workQueueQuery({ index, pk, value }, filter, { statusInKey: !filter.brn, dueAttribute: 'dueAt' }),
        ScanIndexForward: false,
      },
      page,
    );
  }
}

export class DynamoSanctionRepository implements SanctionRepository {
  async get(sanctionId: string): Promise<Sanction | undefined> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.sanction(sanctionId), ConsistentRead: true }),
    );
    return out.Item ? stripKeys<Sanction>(out.Item) : undefined;
  }

  async listByReseller(brn: string, page: PageRequest): Promise<Page<Sanction>> {
    return queryPage<Sanction>(
      {
        TableName: table(),
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `SANCTIONS#BRN#${brn}` },
        ScanIndexForward: false,
      },
      page,
    );
  }
}

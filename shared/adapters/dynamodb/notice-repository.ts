import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import type { AuditEntry, Page, PageRequest } from '../../domain/ports.js';
import type {
  AttemptClaim,
  NoticeFailure,
  NoticeRepository,
  OutboxNotice,
} from '../../domain/sanctions/ports.js';
import { decodeCursor, documentDb, encodeCursor } from './client.js';
import { keys, stripKeys } from './keys.js';

const table = () => env().TABLE_NAME;

function toNotice(item: Record<string, unknown>): OutboxNotice {
  const { leaseUntil, redrives, ...rest } = stripKeys<Record<string, unknown>>(item);
  // Cast kept: notice items are written only by the registry commit in this shape (less the lease
  // fields stripped above); a DynamoDB item type cannot be narrowed to an interface without it.
  return rest as unknown as OutboxNotice;
}

const conditionFailed = (e: unknown) => e instanceof ConditionalCheckFailedException;

/**
 * The outbox items (`NOTICE#<id>`) that `DynamoRegistryRepository.commit` writes, one per relay and
 * change. Delivery state lives on the item; a delivered or failed notice leaves the sparse
 * `OUTBOX#PENDING` index (GSI3) so the sweep's re-drive reads only what is left behind.
 */
export class DynamoNoticeRepository implements NoticeRepository {
  async get(noticeId: string): Promise<OutboxNotice | undefined> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.notice(noticeId), ConsistentRead: true }),
    );
    return out.Item ? toNotice(out.Item) : undefined;
  }

  async listBySanction(sanctionId: string): Promise<OutboxNotice[]> {
    const idx = keys.noticesBySanction(sanctionId);
    const items: OutboxNotice[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await documentDb().send(
        new QueryCommand({
          TableName: table(),
          IndexName: idx.index,
          KeyConditionExpression: `${idx.pk} = :pk`,
          ExpressionAttributeValues: { ':pk': idx.value },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map(toNotice));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async listPending(createdBefore: string, page: PageRequest): Promise<Page<OutboxNotice>> {
    const idx = keys.noticesPending();
    const out = await documentDb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: idx.index,
        KeyConditionExpression: `${idx.pk} = :pk AND ${idx.sk} < :before`,
        ExpressionAttributeValues: { ':pk': idx.value, ':before': createdBefore },
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor),
      }),
    );
    const cursor = encodeCursor(out.LastEvaluatedKey);
    return { items: (out.Items ?? []).map(toNotice), ...(cursor ? { nextCursor: cursor } : {}) };
  }

  async listByRelay(
    relayId: string,
    filter: { delivery?: OutboxNotice['delivery'] },
    page: PageRequest,
  ): Promise<Page<OutboxNotice>> {
    const idx = keys.noticesByRelay(relayId);
    const items: OutboxNotice[] = [];
    let start = decodeCursor(page.cursor);
    // A filter may leave a read short: read on (never more than the items still wanted) until the
    // page is full or the relay's notices end, so the cursor never skips a match.
    do {
      const out = await documentDb().send(
        new QueryCommand({
          TableName: table(),
          IndexName: idx.index,
          KeyConditionExpression: `${idx.pk} = :pk`,
          ...(filter.delivery
            ? {
                FilterExpression: 'delivery = :delivery',
                ExpressionAttributeValues: { ':pk': idx.value, ':delivery': filter.delivery },
              }
            : { ExpressionAttributeValues: { ':pk': idx.value } }),
          ScanIndexForward: false,
          Limit: page.limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map(toNotice));
      start = out.LastEvaluatedKey;
    } while (start && items.length < page.limit);
    const cursor = encodeCursor(start);
    return { items, ...(cursor ? { nextCursor: cursor } : {}) };
  }

  async redriveFailed(notice: OutboxNotice, at: string, audit: AuditEntry): Promise<boolean> {
    try {
      await documentDb().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table(),
                Key: keys.notice(notice.noticeId),
                // Back on the pending index, so the sweep's backstop covers it again; the old error
                // stays in the audit entry, not on a notice that is on its way again.
                UpdateExpression:
                  'SET delivery = :pending, attempts = :zero, redriveRequestedAt = :at, ' +
                  'redrives = if_not_exists(redrives, :zero) + :one, GSI3PK = :g3pk, GSI3SK = :g3sk ' +
                  'REMOVE failedAt, nextAttemptAt, leaseUntil, lastError',
                ConditionExpression: 'delivery = :failed AND relayId = :relay',
                ExpressionAttributeValues: {
                  ':pending': 'PENDING',
                  ':failed': 'FAILED',
                  ':relay': notice.relayId,
                  ':zero': 0,
                  ':one': 1,
                  ':at': at,
                  ':g3pk': keys.noticePendingIndex(notice).GSI3PK,
                  ':g3sk': keys.noticePendingIndex(notice).GSI3SK,
                },
              },
            },
            {
              Put: {
                TableName: table(),
                // Append-only, like every audit entry.
                Item: { ...keys.audit(audit.entity, audit.at, randomBytes(8).toString('hex')), ...audit },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return false;
      throw error;
    }
  }

  async claimAttempt(noticeId: string, at: string, leaseMs: number): Promise<AttemptClaim> {
    // The lease is about real processes racing, so it runs on wall time, not the business clock.
    const nowMs = Date.now();
    try {
      const out = await documentDb().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.notice(noticeId),
          UpdateExpression:
            'SET attempts = if_not_exists(attempts, :zero) + :one, lastAttemptAt = :at, leaseUntil = :lease ' +
            'REMOVE redriveRequestedAt',
          ConditionExpression:
            'attribute_exists(PK) AND delivery = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeValues: {
            ':zero': 0,
            ':one': 1,
            ':at': at,
            ':lease': nowMs + leaseMs,
            ':now': nowMs,
            ':pending': 'PENDING',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'claimed', notice: toNotice(out.Attributes ?? {}) };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    const current = await this.get(noticeId);
    if (!current) return { kind: 'missing' };
    if (current.delivery !== 'PENDING') return { kind: 'settled', notice: current };
    return { kind: 'busy', notice: current };
  }

  async recordDelivered(noticeId: string, at: string): Promise<void> {
    await documentDb().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.notice(noticeId),
        UpdateExpression:
          'SET delivery = :delivered, deliveredAt = :at REMOVE GSI3PK, GSI3SK, leaseUntil, nextAttemptAt',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':delivered': 'DELIVERED', ':at': at },
      }),
    );
  }

  async recordFailure(noticeId: string, f: NoticeFailure): Promise<void> {
    await documentDb().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.notice(noticeId),
        ...(f.final
          ? {
              UpdateExpression:
                'SET delivery = :failed, failedAt = :at, lastError = :error ' +
                'REMOVE GSI3PK, GSI3SK, leaseUntil, nextAttemptAt',
              ExpressionAttributeValues: { ':failed': 'FAILED', ':at': f.at, ':error': f.error },
            }
          : {
              UpdateExpression: 'SET lastError = :error, nextAttemptAt = :next REMOVE leaseUntil',
              ExpressionAttributeValues: { ':error': f.error, ':next': f.nextAttemptAt ?? f.at },
            }),
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }

  async requestRedrive(noticeId: string, at: string): Promise<boolean> {
    try {
      await documentDb().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.notice(noticeId),
          UpdateExpression: 'SET redriveRequestedAt = :at, redrives = if_not_exists(redrives, :zero) + :one',
          ConditionExpression: 'delivery = :pending',
          ExpressionAttributeValues: { ':at': at, ':zero': 0, ':one': 1, ':pending': 'PENDING' },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async ack(noticeId: string, relayId: string, at: string): Promise<OutboxNotice | undefined> {
    try {
      const out = await documentDb().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.notice(noticeId),
          UpdateExpression: 'SET ackedAt = if_not_exists(ackedAt, :at)',
          // Another relay's notice is "not found", like a missing one.
          ConditionExpression: 'attribute_exists(PK) AND relayId = :relay',
          ExpressionAttributeValues: { ':at': at, ':relay': relayId },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toNotice(out.Attributes ?? {});
    } catch (error) {
      if (conditionFailed(error)) return undefined;
      throw error;
    }
  }
}

import { randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import { ConcurrentUpdateError, ConflictError } from '../../domain/core/errors.js';
import type { AuditEntry } from '../../domain/ports.js';
import type { Reseller } from '../../domain/resellers/eligibility.js';
import { FirstSenderCodeTakenError } from '../../domain/spam/first-sender-codes.js';
import type { FirstSenderCodeRegistry } from '../../domain/spam/ports.js';
import { firstSenderCodesChanged } from '../invalidation.js';
import { documentDb } from './client.js';
import { keys } from './keys.js';
import { resellerItem } from './registry-repository.js';
import type { TransactItem } from './spam-report-store.js';

const table = () => env().TABLE_NAME;
const BATCH_GET_KEYS = 100;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The first-sender code registry: `FSC#<code>` items naming their holder. A reseller's codes are
 * replaced in one transaction with its record, so a code never has two holders.
 */
export class DynamoFirstSenderCodeRegistry implements FirstSenderCodeRegistry {
  constructor(private readonly db: () => DynamoDBDocumentClient = documentDb) {}

  async resolve(codes: readonly string[]): Promise<Map<string, string>> {
    const holders = new Map<string, string>();
    const unique = [...new Set(codes)];
    for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [table()]: { Keys: unique.slice(i, i + BATCH_GET_KEYS).map((c) => keys.firstSenderCode(c)) },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 0) await pause(20 * 2 ** attempt);
        if (attempt > 6) throw new Error('first-sender code lookup kept coming back unprocessed');
        const out = await this.db().send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[table()] ?? []) holders.set(String(item.code), String(item.brn));
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return holders;
  }

  async replace(unit: { before: Reseller; after: Reseller; audit: AuditEntry }): Promise<void> {
    const { before, after, audit } = unit;
    const brn = after.brn;
    const claimed = after.firstSenderCodes ?? [];
    const released = (before.firstSenderCodes ?? []).filter((c) => !claimed.includes(c));
    const heldByMe = {
      ConditionExpression: 'attribute_not_exists(PK) OR brn = :brn',
      ExpressionAttributeValues: { ':brn': brn },
    };
    const items: TransactItem[] = [
      ...claimed.map((code) => ({
        Put: {
          TableName: table(),
          Item: {
            ...keys.firstSenderCode(code),
            entity: 'first-sender-code',
            code,
            brn,
            updatedAt: after.updatedAt,
          },
          ...heldByMe,
        },
      })),
      ...released.map((code) => ({
        Delete: { TableName: table(), Key: keys.firstSenderCode(code), ...heldByMe },
      })),
      {
        Put: {
          TableName: table(),
          Item: resellerItem(after),
          ConditionExpression: 'revision = :rev',
          ExpressionAttributeValues: { ':rev': before.revision },
        },
      },
      {
        Put: {
          TableName: table(),
          Item: { ...keys.audit(audit.entity, audit.at, randomBytes(6).toString('hex')), ...audit },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
    try {
      await this.db().send(new TransactWriteCommand({ TransactItems: items }));
      firstSenderCodesChanged([...claimed, ...released]);
    } catch (error) {
      const canceled =
        error instanceof TransactionCanceledException ||
        (error as { name?: string }).name === 'TransactionCanceledException';
      if (!canceled) throw error;
      const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
      const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
      const taken = claimed.filter((_, i) => failed(i));
      if (taken.length > 0) throw new FirstSenderCodeTakenError(taken);
      if (released.some((_, i) => failed(claimed.length + i)))
        throw new ConflictError('a code to release is held by another reseller');
      if (failed(claimed.length + released.length) || reasons.some((r) => r.Code === 'TransactionConflict'))
        throw new ConcurrentUpdateError('the reseller changed while this request was processed; retry');
      throw error;
    }
  }
}

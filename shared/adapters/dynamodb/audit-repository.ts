import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import type { AuditQuery, AuditRepository } from '../../domain/audit/ports.js';
import type { AuditEntry, Page, PageRequest } from '../../domain/ports.js';
import { decodeCursor, documentDb, encodeCursor } from './client.js';
import { keys } from './keys.js';

/** `~` sorts after every character an id or entity uses: `<to>~` bounds "at or before `to`". */
const upper = (to: string) => `${to}~`;

function entry(item: Record<string, unknown>): AuditEntry {
  // Cast kept: audit items are written only in this shape, in the same transaction as their change;
  // the read path picks the fields out rather than re-validating every row of a page.
  const { entity, at, actor, action, detail } = item as unknown as AuditEntry;
  return { entity, at, actor, action, ...(detail ? { detail } : {}) };
}

/** UTC months from `to`'s back to `from`'s, newest first (`2026-03`, `2026-02`, ...). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(to.slice(0, 4));
  let m = Number(to.slice(5, 7));
  const stop = from.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month < stop) break;
    months.push(month);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return months;
}

/**
 * The audit trail: one entity's entries from its own partition, every entity's from the
 * month-partitioned index, newest first. The cursor carries the month and the last key read.
 */
export class DynamoAuditRepository implements AuditRepository {
  async list(query: AuditQuery, page: PageRequest): Promise<Page<AuditEntry>> {
    if (query.entity) return this.byEntity(query.entity, query, page);
    const cursor = decodeCursor(page.cursor) as { month?: string; key?: Record<string, unknown> } | undefined;
    const items: AuditEntry[] = [];
    let key = cursor?.key;
    for (const month of monthsBetween(query.from, query.to)) {
      if (cursor?.month && month > cursor.month) continue;
      do {
        const out = await documentDb().send(
          new QueryCommand({
            TableName: env().TABLE_NAME,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': keys.auditMonthPartition(month),
              ':from': query.from,
              ':to': upper(query.to),
            },
            ScanIndexForward: false,
            Limit: page.limit - items.length,
            ExclusiveStartKey: key,
          }),
        );
        items.push(...(out.Items ?? []).map(entry));
        key = out.LastEvaluatedKey;
        if (items.length >= page.limit) {
          const next = key ? { month, key } : this.afterMonth(month, query);
          return { items, ...(next ? { nextCursor: encodeCursor(next) } : {}) };
        }
      } while (key);
    }
    return { items };
  }

  /** Where to go on once a month is read to its end exactly at a page boundary. */
  private afterMonth(month: string, query: AuditQuery) {
    const rest = monthsBetween(query.from, query.to).filter((m) => m < month);
    return rest[0] ? { month: rest[0] } : undefined;
  }

  private async byEntity(entity: string, query: AuditQuery, page: PageRequest): Promise<Page<AuditEntry>> {
    const out = await documentDb().send(
      new QueryCommand({
        TableName: env().TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.auditEntityPartition(entity),
          ':from': query.from,
          ':to': upper(query.to),
        },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor),
      }),
    );
    const next = encodeCursor(out.LastEvaluatedKey);
    return { items: (out.Items ?? []).map(entry), ...(next ? { nextCursor: next } : {}) };
  }
}

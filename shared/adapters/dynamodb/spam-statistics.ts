import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import type { RegistryCommit } from '../../domain/ports.js';
import { kstMonth, type MonthlyCounts, type SpamCategory } from '../../domain/spam/attribution.js';
import type { SpamStatisticsRepository } from '../../domain/spam/ports.js';
import { documentDb } from './client.js';
import { keys } from './keys.js';
import { COUNTER_SHARDS, type TransactItem } from './spam-report-store.js';

const table = () => env().TABLE_NAME;

/**
 * Monthly statistics from counters: the report counters of the month's ten shards (one query
 * each, summed), and the month's registry counter (certificates issued, sanctions imposed).
 */
export class DynamoSpamStatisticsRepository implements SpamStatisticsRepository {
  constructor(
    private readonly db: () => DynamoDBDocumentClient = documentDb,
    private readonly shards = COUNTER_SHARDS,
  ) {}

  async month(month: string): Promise<MonthlyCounts> {
    const counts: MonthlyCounts = {
      byCategory: {},
      byRelay: {},
      byReseller: {},
      unattributed: 0,
      certifications: 0,
      sanctions: 0,
    };
    const [registry, ...shards] = await Promise.all([
      this.db().send(new GetCommand({ TableName: table(), Key: keys.registryMonthCounter(month) })),
      ...Array.from({ length: this.shards }, (_, s) => this.partition(keys.spamMonthPartition(month, s))),
    ]);
    counts.certifications = Number(registry.Item?.certifications ?? 0);
    counts.sanctions = Number(registry.Item?.sanctions ?? 0);
    const dims = keys.spamDimension;
    const prefix = {
      reseller: dims.reseller(''),
      relay: dims.relay(''),
      category: dims.category(''),
    };
    for (const item of shards.flat()) {
      const sk = String(item.SK);
      const n = Number(item.reports ?? 0);
      if (sk === dims.unattributed) counts.unattributed += n;
      else if (sk.startsWith(prefix.reseller)) add(counts.byReseller, sk.slice(prefix.reseller.length), n);
      else if (sk.startsWith(prefix.relay)) add(counts.byRelay, sk.slice(prefix.relay.length), n);
      else if (sk.startsWith(prefix.category))
        add(counts.byCategory as Record<string, number>, sk.slice(prefix.category.length) as SpamCategory, n);
    }
    return counts;
  }

  private async partition(pk: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db().send(
        new QueryCommand({
          TableName: table(),
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ProjectionExpression: 'SK, reports',
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function add(into: Record<string, number>, key: string, n: number) {
  into[key] = (into[key] ?? 0) + n;
}

/**
 * The hook for RegistryRepository.commit (not wired by this capability: the repository's owner
 * appends these items to the commit's transaction):
 * the monthly counter increments a commit implies, to append to the same transaction so a
 * certificate or sanction is counted iff it is committed:
 * - an audit entry `CERTIFICATE_ISSUED` → certifications +1 in the KST month of its `at`;
 * - a sanction created (`before` undefined) → sanctions +1 in the KST month of its `imposedAt`.
 * At most one update per month (a transaction may not touch an item twice).
 */
export function registryStatisticsIncrements(unit: RegistryCommit, tableName = table()): TransactItem[] {
  const byMonth = new Map<string, { certifications: number; sanctions: number }>();
  const bump = (month: string, field: 'certifications' | 'sanctions') => {
    const c = byMonth.get(month) ?? { certifications: 0, sanctions: 0 };
    c[field] += 1;
    byMonth.set(month, c);
  };
  for (const a of unit.audit) if (a.action === 'CERTIFICATE_ISSUED') bump(kstMonth(a.at), 'certifications');
  if (unit.sanction && !unit.sanction.before) bump(kstMonth(unit.sanction.after.imposedAt), 'sanctions');
  return [...byMonth.entries()].map(([month, c]) => ({
    Update: {
      TableName: tableName,
      Key: keys.registryMonthCounter(month),
      UpdateExpression: 'SET #entity = :entity ADD #c :c, #s :s',
      ExpressionAttributeNames: { '#entity': 'entity', '#c': 'certifications', '#s': 'sanctions' },
      ExpressionAttributeValues: { ':entity': 'month-counter', ':c': c.certifications, ':s': c.sanctions },
    },
  }));
}

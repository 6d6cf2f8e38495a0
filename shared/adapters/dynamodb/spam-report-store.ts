import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import {
  type AttributedReport,
  aggregate,
  type CounterIncrement,
  countersOf,
  hourStart,
  type RecordOutcome,
  type SpamCategory,
  type WindowCounts,
} from '../../domain/spam.js';
import type { SpamReportStore } from '../../domain/spam-ports.js';
import { logger } from '../../http/logger.js';
import { documentDb } from './client.js';
import { keys } from './keys.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Counters are spread over this many shards (a key suffix), one shard per invocation, so a burst
 * from one reseller writes ten different partition keys instead of one hot key; reads sum them.
 */
export const COUNTER_SHARDS = 10;
/** DynamoDB's limit of actions per TransactWriteItems. */
export const MAX_TRANSACT_ACTIONS = 100;
/** A report (and so its idempotency marker) is kept about 400 days. */
export const REPORT_TTL_DAYS = 400;
/** Hourly counters outlive the longest case window policy allows (31 days). */
export const HOUR_COUNTER_TTL_DAYS = 40;
/** Tries per chunk for failures other than duplicates (conflicts, throttling, network). */
export const CHUNK_ATTEMPTS = 5;

const DAY_S = 86_400;
const table = () => env().TABLE_NAME;

/**
 * Packs reports into chunks whose transaction fits MAX_TRANSACT_ACTIONS: one conditional put per
 * report plus one update per distinct counter the chunk touches.
 */
export function packChunks(
  reports: readonly AttributedReport[],
  maxActions = MAX_TRANSACT_ACTIONS,
): AttributedReport[][] {
  const chunks: AttributedReport[][] = [];
  let current: AttributedReport[] = [];
  let counters = new Set<string>();
  for (const r of reports) {
    let ids = countersOf(r).map((k) => k.id);
    let fresh = ids.filter((id) => !counters.has(id));
    if (current.length > 0 && current.length + 1 + counters.size + fresh.length > maxActions) {
      chunks.push(current);
      current = [];
      counters = new Set();
      ids = countersOf(r).map((k) => k.id);
      fresh = ids;
    }
    current.push(r);
    for (const id of fresh) counters.add(id);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The report item: the report, its attribution, and the TTL. Its existence marks the report counted. */
export function reportItem(r: AttributedReport, nowMs: number): Record<string, unknown> {
  const expiresFrom = Math.max(Date.parse(r.receivedAt), nowMs);
  return {
    ...keys.spamReport(r.reportId),
    entity: 'spam-report',
    ...r,
    recordedAt: new Date(nowMs).toISOString(),
    expiresAt: Math.floor(expiresFrom / 1000) + REPORT_TTL_DAYS * DAY_S,
  };
}

function monthDimension(inc: Exclude<CounterIncrement, { scope: 'resellerHour' }>): string {
  switch (inc.scope) {
    case 'resellerMonth':
      return keys.spamDimension.reseller(inc.brn);
    case 'relayMonth':
      return keys.spamDimension.relay(inc.relayId);
    case 'categoryMonth':
      return keys.spamDimension.category(inc.category);
    case 'unattributedMonth':
      return keys.spamDimension.unattributed;
  }
}

/** Attribute names on an hourly counter item: `c_<CATEGORY>`, `r_<relayId>`. */
const CATEGORY_PREFIX = 'c_';
const RELAY_PREFIX = 'r_';

/** One ADD update for one counter in one shard. */
export function counterUpdate(inc: CounterIncrement, shard: number, tableName = table()): TransactItem {
  if (inc.scope !== 'resellerHour') {
    return {
      Update: {
        TableName: tableName,
        Key: keys.spamMonthCounter(inc.month, shard, monthDimension(inc)),
        UpdateExpression: 'SET #entity = :entity ADD #reports :n',
        ExpressionAttributeNames: { '#entity': 'entity', '#reports': 'reports' },
        ExpressionAttributeValues: { ':entity': 'spam-counter', ':n': inc.reports },
      },
    };
  }
  const names: Record<string, string> = { '#entity': 'entity', '#reports': 'reports', '#exp': 'expiresAt' };
  const values: Record<string, unknown> = {
    ':entity': 'spam-counter',
    ':n': inc.reports,
    ':exp': Math.floor(Date.parse(hourStart(inc.hour)) / 1000) + HOUR_COUNTER_TTL_DAYS * DAY_S,
  };
  const adds = ['#reports :n'];
  const extra = [
    ...Object.entries(inc.byCategory).map(([c, n]) => [`${CATEGORY_PREFIX}${c}`, n] as const),
    ...Object.entries(inc.byRelay).map(([r, n]) => [`${RELAY_PREFIX}${r}`, n] as const),
  ];
  extra.forEach(([attribute, n], i) => {
    names[`#a${i}`] = attribute;
    values[`:a${i}`] = n;
    adds.push(`#a${i} :a${i}`);
  });
  return {
    Update: {
      TableName: tableName,
      Key: keys.spamHourCounter(inc.brn, shard, inc.hour),
      UpdateExpression: `SET #entity = :entity, #exp = :exp ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

function isCanceled(error: unknown): error is TransactionCanceledException {
  return (
    error instanceof TransactionCanceledException ||
    (error as { name?: string } | undefined)?.name === 'TransactionCanceledException'
  );
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const groupKey = (r: AttributedReport) =>
  `${r.brn ?? '~'}|${r.receivedAt.slice(0, 13)}|${r.relayId ?? ''}|${r.category}|${r.reportId}`;

export interface SpamReportStoreOptions {
  db?: () => DynamoDBDocumentClient;
  shards?: number;
  random?: () => number;
  backoffMs?: (failures: number) => number;
}

/**
 * Reports and their counters in the registry table. Each chunk of reports is ONE TransactWriteItems:
 * a conditional put per report (`REPORT#<id>` must not exist) and one ADD per counter the chunk
 * touches, summed over exactly those reports. So a report is counted iff its marker is written;
 * when some markers already exist (a redelivery), those reports are dropped and the chunk is
 * written again without them. About 0.01-0.03 write requests per report.
 */
export class DynamoSpamReportStore implements SpamReportStore {
  private readonly db: () => DynamoDBDocumentClient;
  private readonly shards: number;
  private readonly random: () => number;
  private readonly backoffMs: (failures: number) => number;

  constructor(opts: SpamReportStoreOptions = {}) {
    this.db = opts.db ?? documentDb;
    this.shards = opts.shards ?? COUNTER_SHARDS;
    this.random = opts.random ?? Math.random;
    // ~1.5 s over the attempts: enough for a conflict or a throttle to clear; beyond that SQS redelivers.
    this.backoffMs = opts.backoffMs ?? ((failures) => 50 * 2 ** failures * (0.5 + Math.random()));
  }

  async record(reports: readonly AttributedReport[]): Promise<RecordOutcome> {
    // Grouped by reseller, hour, relay and category, chunks share counters: fewer updates per chunk.
    const unique = [...new Map(reports.map((r) => [r.reportId, r])).values()].sort((a, b) =>
      groupKey(a).localeCompare(groupKey(b)),
    );
    const outcome: RecordOutcome = { recorded: [], duplicates: [], failed: [] };
    // One shard per invocation: its chunks run one after another, so they never conflict.
    let shard = Math.floor(this.random() * this.shards);
    for (const chunk of packChunks(unique)) shard = await this.writeChunk(chunk, shard, outcome);
    return outcome;
  }

  private async writeChunk(
    chunk: AttributedReport[],
    startShard: number,
    outcome: RecordOutcome,
  ): Promise<number> {
    let pending = chunk;
    let shard = startShard;
    let failures = 0;
    while (pending.length > 0) {
      const now = Date.now();
      const items: TransactItem[] = [
        ...pending.map((r) => ({
          Put: {
            TableName: table(),
            Item: reportItem(r, now),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        })),
        ...aggregate(pending).map((inc) => counterUpdate(inc, shard)),
      ];
      try {
        await this.db().send(new TransactWriteCommand({ TransactItems: items }));
        outcome.recorded.push(...pending.map((r) => r.reportId));
        return shard;
      } catch (error) {
        const reasons = isCanceled(error) ? (error.CancellationReasons ?? []) : [];
        const seen = new Set(
          pending.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed').map((r) => r.reportId),
        );
        if (seen.size > 0) {
          // Recorded before: drop them (not counted again) and write the rest.
          outcome.duplicates.push(...seen);
          pending = pending.filter((r) => !seen.has(r.reportId));
          continue;
        }
        failures += 1;
        const name = (error as { name?: string }).name ?? 'Error';
        if (failures >= CHUNK_ATTEMPTS) {
          logger.warn('spam report chunk not recorded', {
            reports: pending.length,
            attempts: failures,
            error: name,
            reasons: [...new Set(reasons.map((r) => r.Code).filter(Boolean))],
          });
          outcome.failed.push(...pending.map((r) => r.reportId));
          return shard;
        }
        // A conflict with a concurrent invocation on the same shard, or throttling: another shard.
        shard = (shard + 1 + Math.floor(this.random() * (this.shards - 1))) % this.shards;
        await pause(this.backoffMs(failures));
      }
    }
    return shard;
  }

  async window(brn: string, fromHour: string, toHour: string): Promise<WindowCounts> {
    const counts: WindowCounts = { reports: 0, byCategory: {}, byRelay: {} };
    const shards = await Promise.all(
      Array.from({ length: this.shards }, (_, shard) =>
        this.queryAll(keys.spamHourPartition(brn, shard), fromHour, toHour),
      ),
    );
    for (const item of shards.flat()) {
      for (const [name, value] of Object.entries(item)) {
        if (typeof value !== 'number') continue;
        if (name === 'reports') counts.reports += value;
        else if (name.startsWith(CATEGORY_PREFIX)) {
          const c = name.slice(CATEGORY_PREFIX.length) as SpamCategory;
          counts.byCategory[c] = (counts.byCategory[c] ?? 0) + value;
        } else if (name.startsWith(RELAY_PREFIX)) {
          const r = name.slice(RELAY_PREFIX.length);
          counts.byRelay[r] = (counts.byRelay[r] ?? 0) + value;
        }
      }
    }
    return counts;
  }

  private async queryAll(pk: string, from: string, to: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db().send(
        new QueryCommand({
          TableName: table(),
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async openCaseExists(brn: string): Promise<boolean> {
    const out = await this.db().send(
      new GetCommand({ TableName: table(), Key: keys.openCaseLock(brn), ConsistentRead: true }),
    );
    return out.Item !== undefined;
  }
}

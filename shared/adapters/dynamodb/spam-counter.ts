import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import { type CounterIncrement, hourStart } from '../../domain/spam/attribution.js';
import type { CountBatch, CountOutcome, SpamCounter } from '../../domain/spam/ports.js';
import { documentDb } from './client.js';
import { keys } from './keys.js';
import {
  CATEGORY_PREFIX,
  COUNTER_SHARDS,
  DAY_S,
  HOUR_COUNTER_SHARD,
  HOUR_COUNTER_TTL_DAYS,
  RELAY_PREFIX,
  type TransactItem,
} from './spam-report-store.js';

/** Tries per commit for conflicts with a concurrent batch, throttling or the network. */
export const COMMIT_ATTEMPTS = 6;
/** A batch marker outlives the stream's 24-hour retention: no redelivery can come later. */
const MARKER_TTL_DAYS = 2;
const table = () => env().TABLE_NAME;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** One ADD update for one counter; monthly counters in `shard`, hourly ones in their one partition. */
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
      Key: keys.spamHourCounter(inc.brn, HOUR_COUNTER_SHARD, inc.hour),
      UpdateExpression: `SET #entity = :entity, #exp = :exp ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** A stable shard for a batch, so the concurrent batches of different stream shards spread out. */
export function shardOf(sequence: string, shards = COUNTER_SHARDS): number {
  let h = 0;
  for (let i = 0; i < sequence.length; i++) h = (h * 31 + sequence.charCodeAt(i)) >>> 0;
  return h % shards;
}

export interface SpamCounterOptions {
  db?: () => DynamoDBDocumentClient;
  shards?: number;
  backoffMs?: (failures: number) => number;
}

/**
 * Counters of first-written reports: each batch is ONE TransactWriteItems of a marker put
 * (`SPAMCOUNT#<first sequence>`, which must not exist) and one ADD per counter, aggregated over the
 * batch. A redelivered batch fails the marker's condition and adds nothing; the marker says how far
 * it went, so a longer redelivery counts only its new tail.
 */
export class DynamoSpamCounter implements SpamCounter {
  private readonly db: () => DynamoDBDocumentClient;
  private readonly shards: number;
  private readonly backoffMs: (failures: number) => number;

  constructor(opts: SpamCounterOptions = {}) {
    this.db = opts.db ?? documentDb;
    this.shards = opts.shards ?? COUNTER_SHARDS;
    this.backoffMs = opts.backoffMs ?? ((failures) => 40 * 2 ** failures * (0.5 + Math.random()));
  }

  async commit(batch: CountBatch): Promise<CountOutcome> {
    let shard = shardOf(batch.first, this.shards);
    for (let failures = 0; ; ) {
      const marker: TransactItem = {
        Put: {
          TableName: table(),
          Item: {
            ...keys.spamCountMarker(batch.first),
            entity: 'spam-count-batch',
            last: batch.last,
            expiresAt: Math.floor(Date.now() / 1000) + MARKER_TTL_DAYS * DAY_S,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
      try {
        await this.db().send(
          new TransactWriteCommand({
            TransactItems: [marker, ...batch.increments.map((inc) => counterUpdate(inc, shard))],
          }),
        );
        return { status: 'COUNTED' };
      } catch (error) {
        const canceled =
          error instanceof TransactionCanceledException ||
          (error as { name?: string }).name === 'TransactionCanceledException';
        const reasons = canceled ? ((error as TransactionCanceledException).CancellationReasons ?? []) : [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') {
          const out = await this.db().send(
            new GetCommand({
              TableName: table(),
              Key: keys.spamCountMarker(batch.first),
              ConsistentRead: true,
            }),
          );
          if (out.Item) return { status: 'SEEN', through: String(out.Item.last) };
        }
        failures += 1;
        if (failures >= COMMIT_ATTEMPTS) throw error;
        // A conflict with a concurrent batch on the same counters, or throttling: another shard.
        shard = (shard + 1) % this.shards;
        await pause(this.backoffMs(failures));
      }
    }
  }
}

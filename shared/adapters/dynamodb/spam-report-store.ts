import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import type {
  AttributedReport,
  RecordOutcome,
  SpamCategory,
  WindowCounts,
} from '../../domain/spam/attribution.js';
import type { CaseInputs, SpamReportStore } from '../../domain/spam/ports.js';
import { logger } from '../../http/logger.js';
import { documentDb } from './client.js';
import { keys } from './keys.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Monthly counters are spread over this many shards (a key suffix): concurrent counting batches
 * write different partition keys; reads sum them.
 */
export const COUNTER_SHARDS = 10;
/** Hourly counters of a reseller live in one partition, so a case check reads them in one go. */
export const HOUR_COUNTER_SHARD = 0;
/** A report is kept about 400 days. */
export const REPORT_TTL_DAYS = 400;
/** Hourly counters outlive the longest case window policy allows (31 days). */
export const HOUR_COUNTER_TTL_DAYS = 40;
/** Tries of a BatchWriteItem for items that came back unprocessed or failed (throttling, network). */
export const WRITE_ATTEMPTS = 6;
/** DynamoDB's limits: 25 puts per BatchWriteItem, 100 keys per BatchGetItem. */
const BATCH_WRITE_ITEMS = 25;
const BATCH_GET_KEYS = 100;
/** Hour keys per reseller above which its window is queried instead of fetched by key. */
const WINDOW_KEYS_BY_GET = 48;

export const DAY_S = 86_400;
const table = () => env().TABLE_NAME;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The report item: the report, its attribution, and the TTL. Written again, it replaces itself. */
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

/** Attribute names on an hourly counter item: `c_<CATEGORY>`, `r_<relayId>`. */
export const CATEGORY_PREFIX = 'c_';
export const RELAY_PREFIX = 'r_';

/** Adds one hourly counter item into window totals. */
function addHour(counts: WindowCounts, item: Record<string, unknown>): void {
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

/** The hour buckets `from`..`to` inclusive (`2025-01-01T03`). */
export function hoursBetween(from: string, to: string): string[] {
  const hours: string[] = [];
  for (let t = Date.parse(`${from}:00:00Z`); t <= Date.parse(`${to}:00:00Z`); t += 3_600_000)
    hours.push(new Date(t).toISOString().slice(0, 13));
  return hours;
}

export interface SpamReportStoreOptions {
  db?: () => DynamoDBDocumentClient;
  backoffMs?: (failures: number) => number;
}

/**
 * Reports in the registry table, written with BatchWriteItem under `REPORT#<reportId>`: one write
 * request per 25 reports, 1 WCU per report. A report written again replaces itself, and the
 * counting stream consumer counts INSERTs only, so a redelivery never counts twice.
 */
export class DynamoSpamReportStore implements SpamReportStore {
  private readonly db: () => DynamoDBDocumentClient;
  private readonly backoffMs: (failures: number) => number;

  constructor(opts: SpamReportStoreOptions = {}) {
    this.db = opts.db ?? documentDb;
    // ~1.5 s over the attempts for a throttle to clear; beyond that SQS redelivers the message.
    this.backoffMs = opts.backoffMs ?? ((failures) => 25 * 2 ** failures * (0.5 + Math.random()));
  }

  async record(reports: readonly AttributedReport[]): Promise<RecordOutcome> {
    const unique = [...new Map(reports.map((r) => [r.reportId, r])).values()];
    const outcome: RecordOutcome = { recorded: [], failed: [] };
    const now = Date.now();
    const chunks: AttributedReport[][] = [];
    for (let i = 0; i < unique.length; i += BATCH_WRITE_ITEMS)
      chunks.push(unique.slice(i, i + BATCH_WRITE_ITEMS));
    // A few requests in flight: the call's reports land in parallel, like the raw loop's.
    await eachLimited(chunks, 4, (chunk) => this.writeChunk(chunk, now, outcome));
    return outcome;
  }

  private async writeChunk(chunk: AttributedReport[], now: number, outcome: RecordOutcome): Promise<void> {
    const byKey = new Map(chunk.map((r) => [`REPORT#${r.reportId}`, r]));
    let pending = chunk.map((r) => ({ PutRequest: { Item: reportItem(r, now) } }));
    for (let failures = 0; pending.length > 0; ) {
      try {
        const out = await this.db().send(new BatchWriteCommand({ RequestItems: { [table()]: pending } }));
        const left = (out.UnprocessedItems?.[table()] ?? []) as typeof pending;
        const unprocessed = new Set(left.map((p) => String(p.PutRequest?.Item?.PK)));
        for (const p of pending)
          if (!unprocessed.has(String(p.PutRequest.Item.PK)))
            outcome.recorded.push(String(p.PutRequest.Item.reportId));
        pending = pending.filter((p) => unprocessed.has(String(p.PutRequest.Item.PK)));
        if (pending.length === 0) return;
      } catch (error) {
        if (failures + 1 >= WRITE_ATTEMPTS)
          logger.warn('spam reports not recorded', { reports: pending.length, error: (error as Error).name });
      }
      failures += 1;
      if (failures >= WRITE_ATTEMPTS) {
        outcome.failed.push(...pending.map((p) => byKey.get(String(p.PutRequest.Item.PK))!.reportId));
        return;
      }
      await pause(this.backoffMs(failures));
    }
  }

  async window(brn: string, fromHour: string, toHour: string): Promise<WindowCounts> {
    const counts: WindowCounts = { reports: 0, byCategory: {}, byRelay: {} };
    for (const item of await this.queryAll(keys.spamHourPartition(brn, HOUR_COUNTER_SHARD), fromHour, toHour))
      addHour(counts, item);
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

  /**
   * Every reseller's open-case lock and the hourly counters of its window, by key in batches of
   * 100 (strongly consistent: a lock or count written a moment ago is seen). A window longer than
   * WINDOW_KEYS_BY_GET hours is left to one query per reseller.
   */
  async caseInputs(brns: readonly string[], fromHour: string, toHour: string): Promise<CaseInputs> {
    const hours = hoursBetween(fromHour, toHour);
    const byKey = hours.length <= WINDOW_KEYS_BY_GET;
    const wanted: Record<string, unknown>[] = brns.flatMap((brn) => [
      keys.openCaseLock(brn),
      ...(byKey ? hours.map((h) => keys.spamHourCounter(brn, HOUR_COUNTER_SHARD, h)) : []),
    ]);
    const found = new Map<string, Record<string, unknown>>();
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < wanted.length; i += BATCH_GET_KEYS) batches.push(wanted.slice(i, i + BATCH_GET_KEYS));
    await eachLimited(batches, 4, async (batch) => {
      for (const item of await this.batchGet(batch)) found.set(`${item.PK}|${item.SK}`, item);
    });
    const known = new Set(brns);
    return {
      openCaseExists: (brn) => {
        if (!known.has(brn)) return this.openCaseExists(brn);
        const lock = keys.openCaseLock(brn);
        return Promise.resolve(found.has(`${lock.PK}|${lock.SK}`));
      },
      window: (brn, from, to) => {
        if (!byKey || !known.has(brn) || from !== fromHour || to !== toHour)
          return this.window(brn, from, to);
        const counts: WindowCounts = { reports: 0, byCategory: {}, byRelay: {} };
        for (const h of hours) {
          const k = keys.spamHourCounter(brn, HOUR_COUNTER_SHARD, h);
          const item = found.get(`${k.PK}|${k.SK}`);
          if (item) addHour(counts, item);
        }
        return Promise.resolve(counts);
      },
    };
  }

  private async batchGet(keyList: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
      [table()]: { Keys: keyList, ConsistentRead: true },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt > 6) throw new Error('case inputs kept coming back unprocessed');
      if (attempt > 0) await pause(20 * 2 ** attempt);
      const out = await this.db().send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(out.Responses?.[table()] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
    return items;
  }
}

export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

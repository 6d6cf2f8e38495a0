import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { compose, corePorts } from '../../shared/adapters/deps.js';
import { transparencyPorts } from '../../shared/adapters/verifiable-registry.js';
import type { ProcessBatch } from '../../shared/batch/batch-handler.js';
import type { ChangeEntry } from '../../shared/domain/ports.js';
import { changeEvent, decisionEvent, type LogEvent } from '../../shared/domain/transparency/leaves.js';
import { appendToLog } from '../../shared/domain/transparency/log-writer.js';
import { logger } from '../../shared/observability.js';

/** A stream image as plain values (strings, numbers, booleans, null, lists, maps). */
function plain(v: AttributeValue): unknown {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return Number(v.N);
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL) return null;
  if (v.L) return v.L.map(plain);
  if (v.M) return image(v.M);
  if (v.SS) return v.SS;
  if (v.NS) return v.NS.map(Number);
  return undefined;
}

function image(m: Record<string, AttributeValue> | undefined): Record<string, unknown> | undefined {
  return m ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, plain(v)])) : undefined;
}

/** A change-feed item as the stream shows it (its sequence and reseller are what a leaf is keyed by). */
function isChangeEntry(item: Record<string, unknown>): item is Record<string, unknown> & ChangeEntry {
  return Number.isInteger(item.seq) && typeof item.brn === 'string' && typeof item.status === 'string';
}

/** The log events of a batch, in stream order. */
export function eventsOf(records: readonly DynamoDBRecord[]): LogEvent[] {
  const events: LogEvent[] = [];
  for (const record of records) {
    const after = image(record.dynamodb?.NewImage);
    if (!after || typeof after.entity !== 'string') continue;
    let e: LogEvent | undefined;
    if (after.entity !== 'change') e = decisionEvent(after.entity, image(record.dynamodb?.OldImage), after);
    else if (isChangeEntry(after)) e = changeEvent(after);
    // Never skipped: a leaf left out would break the log's order. The batch comes back.
    else throw new Error(`change-feed record ${record.dynamodb?.SequenceNumber} is not a change entry`);
    if (e) events.push(e);
  }
  return events;
}

/**
 * The transparency log's one writer (a consumer of the registry table's stream): appends every
 * change-feed entry and decision of the batch, idempotently and in feed order, then signs and
 * publishes a checkpoint. A failure comes back whole (re-appending is a no-op).
 */
export function appendTransparencyLog(
  deps: () => Parameters<typeof appendToLog>[0],
): ProcessBatch<DynamoDBRecord> {
  return async (records) => {
    const events = eventsOf(records);
    if (events.length === 0) return {};
    const { appended, size } = await appendToLog(deps(), events);
    logger.info('transparency log appended', { events: events.length, appended, size });
    return {};
  };
}

/** The writer over the table, the log key and the tile bucket. */
export const appendToTransparencyLog = appendTransparencyLog(() => compose(corePorts(), transparencyPorts()));

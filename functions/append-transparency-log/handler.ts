import type { AttributeValue, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { compose, corePorts } from '../../shared/adapters/deps.js';
import { transparencyPorts } from '../../shared/adapters/verifiable-registry.js';
import type { ChangeEntry } from '../../shared/domain/ports.js';
import { changeEvent, decisionEvent, type LogEvent } from '../../shared/domain/transparency/leaves.js';
import { appendToLog } from '../../shared/domain/transparency/log-writer.js';
import { logger } from '../../shared/http/logger.js';

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

/** The log events of a batch, in stream order. */
export function eventsOf(event: DynamoDBStreamEvent): LogEvent[] {
  const events: LogEvent[] = [];
  for (const record of event.Records) {
    const after = image(record.dynamodb?.NewImage);
    const entity = after?.entity;
    if (typeof entity !== 'string') continue;
    const e =
      entity === 'change'
        ? changeEvent(after as unknown as ChangeEntry)
        : decisionEvent(entity, image(record.dynamodb?.OldImage), after);
    if (e) events.push(e);
  }
  return events;
}

/**
 * The transparency log's one writer (DynamoDB stream consumer): appends every change-feed entry
 * and decision of the batch, idempotently and in feed order, then signs and publishes a
 * checkpoint. A failure throws, so the stream retries the batch; re-appending is a no-op.
 */
export function appendTransparencyLogHandler(deps: () => Parameters<typeof appendToLog>[0]) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const events = eventsOf(event);
    if (events.length === 0) return { batchItemFailures: [] };
    const { appended, size } = await appendToLog(deps(), events);
    logger.info('transparency log appended', { events: events.length, appended, size });
    return { batchItemFailures: [] };
  };
}

export const handler = appendTransparencyLogHandler(() => compose(corePorts(), transparencyPorts()));

import type { DynamoDBRecord } from 'aws-lambda';
import { DynamoStreamProgress } from '../../shared/adapters/dynamodb/stream-progress.js';
import { batchHandler, type ProcessBatch } from '../../shared/batch/batch-handler.js';
import { dispatchStream, type StreamProgress } from '../../shared/batch/stream-dispatch.js';
import {
  type InProcessStreamConsumerDef,
  registryStreamConsumers,
  registryStreamReader,
} from '../../shared/topology.js';
import { appendToTransparencyLog } from './append-transparency-log.js';
import { planInstantTriggersOnScheduler } from './plan-instant-triggers.js';
import { relayOutboxToSqs } from './relay-outbox.js';

/** A consumer's filter, as its event filter would be if it read the stream itself. */
export function wants(def: InProcessStreamConsumerDef): (record: DynamoDBRecord) => boolean {
  const entities = new Set(def.entities);
  return (record) => {
    if (def.eventNames && !(record.eventName && def.eventNames.includes(record.eventName))) return false;
    const entity = record.dynamodb?.NewImage?.entity?.S;
    return entity !== undefined && entities.has(entity);
  };
}

/**
 * The registry table's one stream reader for its in-process consumers (shared/topology.ts
 * `registryStreamConsumers`): each sees its own records and keeps its own failure tracking
 * (shared/batch/stream-dispatch.ts). The batch resumes from the first record any of them failed.
 */
export function dispatchRegistryStream(
  run: Record<string, ProcessBatch<DynamoDBRecord>>,
  progress: () => StreamProgress,
) {
  const consumers = registryStreamConsumers.map((def) => {
    const consume = run[def.name];
    // Fails at cold start (and in the handler's tests), never as a silently dropped record.
    if (!consume) throw new Error(`stream consumer ${def.name} has no implementation`);
    return { name: def.name, wants: wants(def), run: consume };
  });
  return batchHandler({
    source: 'stream',
    name: registryStreamReader,
    batch: dispatchStream(consumers, progress),
  });
}

let progress: StreamProgress | undefined;

export const handler = dispatchRegistryStream(
  {
    'relay-outbox': relayOutboxToSqs,
    'append-transparency-log': appendToTransparencyLog,
    'plan-instant-triggers': planInstantTriggersOnScheduler,
  },
  () => {
    progress ??= new DynamoStreamProgress();
    return progress;
  },
);

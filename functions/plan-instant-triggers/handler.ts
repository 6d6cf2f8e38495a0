import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { compose, corePorts } from '../../shared/adapters/deps.js';
import { RecordingNotifier } from '../../shared/adapters/dynamodb/notifier.js';
import { SchedulerInstantTriggers } from '../../shared/adapters/scheduler/instant-triggers.js';
import { type DueChange, planInstantTriggers } from '../../shared/domain/time/instant-triggers.js';
import { logger } from '../../shared/http/logger.js';

const str = (v: AttributeValue | undefined) => (typeof v?.S === 'string' ? v.S : undefined);

/** A reseller record whose next instant moved (created, changed or cleared). */
export function dueChange(record: DynamoDBRecord): DueChange | undefined {
  const next = record.dynamodb?.NewImage;
  if (!next || str(next.entity) !== 'reseller') return undefined;
  const brn = str(next.brn);
  if (!brn) return undefined;
  const dueAt = str(next.dueAt);
  const before = str(record.dynamodb?.OldImage?.dueAt);
  if (record.eventName === 'MODIFY' && before === dueAt) return undefined;
  if (record.eventName === 'INSERT' && dueAt === undefined) return undefined;
  return { brn, dueAt };
}

type PlanPorts = Parameters<typeof planInstantTriggers>[0];

/**
 * DynamoDB stream consumer: keeps one trigger per reseller at its next time-driven instant. The
 * plan follows the committed data (no dual write); a batch that fails is retried whole from its
 * first record (planning is idempotent: a schedule is created or moved to the same instant).
 */
export function planInstantTriggersHandler(ports: () => PlanPorts) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const changes = event.Records.map(dueChange).filter((c): c is DueChange => !!c);
    if (changes.length === 0) return { batchItemFailures: [] };
    try {
      const result = await planInstantTriggers(ports(), changes);
      logger.info('instant triggers planned', { ...result });
      return { batchItemFailures: [] };
    } catch (error) {
      logger.warn('instant triggers not planned; the stream retries the batch', {
        error: (error as Error).name,
        detail: (error as Error).message,
      });
      return { batchItemFailures: [{ itemIdentifier: event.Records[0]?.dynamodb?.SequenceNumber ?? '' }] };
    }
  };
}

let ports: PlanPorts | undefined;

export const handler = planInstantTriggersHandler(() => {
  ports ??= Object.assign(compose(corePorts(), { notifier: new RecordingNotifier() }), {
    triggers: new SchedulerInstantTriggers(),
  });
  return ports;
});

import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { compose, corePorts, lazily } from '../../shared/adapters/deps.js';
import { RecordingNotifier } from '../../shared/adapters/dynamodb/notifier.js';
import { SchedulerInstantTriggers } from '../../shared/adapters/scheduler/instant-triggers.js';
import type { ProcessBatch } from '../../shared/batch/batch-handler.js';
import {
  type DueChange,
  planInstantTriggers as planTriggers,
} from '../../shared/domain/time/instant-triggers.js';
import { logger } from '../../shared/observability.js';

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

type PlanPorts = Parameters<typeof planTriggers>[0];

/**
 * A consumer of the registry table's stream: keeps one trigger per reseller at its next
 * time-driven instant. The plan follows the committed data (no dual write); a batch that fails
 * comes back from its first change (planning is idempotent: a schedule is created or moved to the
 * same instant).
 */
export function planInstantTriggers(ports: () => PlanPorts): ProcessBatch<DynamoDBRecord> {
  return async (records) => {
    const changes = records.flatMap((record) => {
      const change = dueChange(record);
      return change ? [{ record, change }] : [];
    });
    if (changes.length === 0) return {};
    try {
      const result = await planTriggers(
        ports(),
        changes.map((c) => c.change),
      );
      logger.info('instant triggers planned', { ...result });
      return {};
    } catch (error) {
      return { failed: new Map([[changes[0]!.record, error]]) };
    }
  };
}

/** The planner over the table and EventBridge Scheduler. */
export const planInstantTriggersOnScheduler = planInstantTriggers(
  lazily(() =>
    compose(corePorts(), { notifier: new RecordingNotifier(), triggers: new SchedulerInstantTriggers() }),
  ),
);

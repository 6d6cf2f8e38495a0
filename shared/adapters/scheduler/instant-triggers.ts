import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { env } from '../../config/env.js';
import type { InstantTriggers } from '../../domain/time/instant-triggers.js';

let client: SchedulerClient | undefined;
function scheduler(): SchedulerClient {
  const { AWS_REGION, SCHEDULER_ENDPOINT } = env();
  client ??= new SchedulerClient({
    region: AWS_REGION,
    ...(SCHEDULER_ENDPOINT ? { endpoint: SCHEDULER_ENDPOINT } : {}),
    maxAttempts: 5,
  });
  return client;
}

function required<
  K extends 'INSTANT_TRIGGER_GROUP' | 'INSTANT_TRIGGER_TARGET_ARN' | 'INSTANT_TRIGGER_ROLE_ARN',
>(name: K): string {
  const value = env()[name];
  if (!value) throw new Error(`${name} is not configured for this function`);
  return value;
}

/** One deterministic name per reseller: a re-plan updates the same schedule. */
export const triggerName = (brn: string) => `reseller-${brn}`;

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC; Scheduler has second precision, so round up (never early). */
export function atExpression(at: string): string {
  const ms = Date.parse(at);
  const seconds = new Date(Math.ceil(ms / 1000) * 1000).toISOString().slice(0, 19);
  return `at(${seconds})`;
}

/**
 * EventBridge Scheduler one-time schedules, one per reseller, deleted by Scheduler after they
 * fire. Retries and a DLQ cover a target that fails; the daily sweep is the backstop.
 */
export class SchedulerInstantTriggers implements InstantTriggers {
  async plan(brn: string, at: string | undefined): Promise<void> {
    const Name = triggerName(brn);
    const GroupName = required('INSTANT_TRIGGER_GROUP');
    if (at === undefined) {
      try {
        await scheduler().send(new DeleteScheduleCommand({ Name, GroupName }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
      return;
    }
    const dlq = env().INSTANT_TRIGGER_DLQ_ARN;
    const input: CreateScheduleCommandInput = {
      Name,
      GroupName,
      ScheduleExpression: atExpression(at),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Description: `next time-driven instant of reseller ${brn}`,
      Target: {
        Arn: required('INSTANT_TRIGGER_TARGET_ARN'),
        RoleArn: required('INSTANT_TRIGGER_ROLE_ARN'),
        // Only the brn: the target recomputes everything from the stored facts.
        Input: JSON.stringify({ brn }),
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        ...(dlq ? { DeadLetterConfig: { Arn: dlq } } : {}),
      },
    };
    try {
      await scheduler().send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await scheduler().send(new UpdateScheduleCommand(input));
    }
  }
}

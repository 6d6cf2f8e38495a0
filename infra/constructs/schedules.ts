import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { ScheduleDef } from '../../shared/topology.js';
import type { AppFunction } from './app-function.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import type { Operations } from './operations.js';

export interface SchedulesProps {
  schedules: readonly ScheduleDef[];
  functionFor: (name: string) => AppFunction;
  operations: Operations;
}

/** Scheduler's retries of an invocation it could not deliver (throttled, function unavailable). */
export const SCHEDULE_RETRY = { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 } as const;
/** Lambda's retries of a scheduled (asynchronous) invocation whose function failed. */
export const SCHEDULED_FUNCTION_RETRIES = 2;

/**
 * EventBridge Scheduler schedules of shared/topology.ts (locally the runtime fires the same
 * definitions on its business clock). Scheduler rather than an EventBridge rule: it honours the
 * Asia/Seoul time zone the schedules are written in. Built from the L1 resource so the role can
 * invoke exactly the unqualified function (the L2 Lambda target also grants every version, `:*`).
 *
 * Scheduler invokes Lambda asynchronously, so a run can fail in two places, and both end in one
 * DLQ with an alarm: Scheduler could not invoke the function after its retries (the target's DLQ),
 * or the function failed after Lambda's retries (the function's on-failure destination). The
 * scheduled work is idempotent, and the next run is the backstop.
 */
export class Schedules extends Construct {
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Invokes the scheduled functions',
    });
    this.deadLetterQueue = new DeadLetterQueue(this, 'Failures', {
      operations: props.operations,
      alarmName: 'scheduled-runs-failed',
      holds: 'scheduled runs that could not be invoked, or whose function failed after its retries',
    });
    // Scheduler writes to the target's DLQ with the schedule's role.
    this.deadLetterQueue.queue.grantSendMessages(role);

    const configured = new Set<string>();
    for (const def of props.schedules) {
      const fn = props.functionFor(def.function).function;
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
      );
      if (!configured.has(def.function)) {
        fn.configureAsyncInvoke({
          retryAttempts: SCHEDULED_FUNCTION_RETRIES,
          maxEventAge: Duration.hours(1),
          onFailure: new SqsDestination(this.deadLetterQueue.queue),
        });
        configured.add(def.function);
      }
      const schedule = new scheduler.CfnSchedule(this, def.name, {
        description: def.description,
        scheduleExpression: `cron(${def.cron})`,
        scheduleExpressionTimezone: def.timezone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: fn.functionArn,
          roleArn: role.roleArn,
          retryPolicy: SCHEDULE_RETRY,
          deadLetterConfig: { arn: this.deadLetterQueue.queue.queueArn },
        },
      });
      // The role's policy must exist before the first invocation.
      schedule.node.addDependency(role);
    }
  }
}

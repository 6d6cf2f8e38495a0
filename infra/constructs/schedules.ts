import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { ScheduleDef } from '../../shared/topology.js';
import type { AppFunction } from './app-function.js';

export interface SchedulesProps {
  schedules: readonly ScheduleDef[];
  functionFor: (name: string) => AppFunction;
}

/**
 * EventBridge Scheduler schedules of shared/topology.ts (locally the runtime fires the same
 * definitions on its business clock). Scheduler rather than an EventBridge rule: it honours the
 * Asia/Seoul time zone the schedules are written in. Built from the L1 resource so the role can
 * invoke exactly the unqualified function (the L2 Lambda target also grants every version, `:*`).
 */
export class Schedules extends Construct {
  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Invokes the scheduled functions',
    });
    for (const def of props.schedules) {
      const fn = props.functionFor(def.function).function;
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
      );
      const schedule = new scheduler.CfnSchedule(this, def.name, {
        description: def.description,
        scheduleExpression: `cron(${def.cron})`,
        scheduleExpressionTimezone: def.timezone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: fn.functionArn,
          roleArn: role.roleArn,
          // The scheduled work is idempotent; a failed invocation is retried, the next run is the backstop.
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        },
      });
      // The role's policy must exist before the first invocation.
      schedule.node.addDependency(role);
    }
  }
}

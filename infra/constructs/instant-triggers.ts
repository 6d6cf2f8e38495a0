import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { AppFunction } from './app-function.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import type { Operations } from './operations.js';
import { SCHEDULED_FUNCTION_RETRIES } from './schedules.js';

export interface InstantTriggersProps {
  /** Schedule group name, e.g. `bulk-text-registry-prod-instants`. */
  groupName: string;
  /** The function every trigger invokes (commits the reseller's due changes). */
  target: AppFunction;
  operations: Operations;
}

/**
 * Time-driven changes at their instants: one EventBridge Scheduler one-time schedule (`at(...)`)
 * per reseller, in one group, named after the brn so a re-plan is an update, deleted by Scheduler
 * once it has fired. Chosen over a Step Functions `Wait` per reseller: 1,200 long-lived executions
 * would each need restarting whenever an instant moves (a sanction lifted early, a renewal), where
 * a schedule is simply updated; Scheduler is priced per invocation and holds millions of schedules.
 *
 * The planner (a stream consumer) creates and moves schedules from committed data; the target
 * recomputes from the table and never trusts the payload. Scheduler retries an invocation it could
 * not deliver for a day and then sends it to the DLQ; a target that fails after Lambda's retries
 * goes there too (alarm). The daily sweep is the backstop for both.
 */
export class InstantTriggers extends Construct {
  readonly group: scheduler.CfnScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetterQueue: DeadLetterQueue;
  private readonly target: AppFunction;
  private readonly groupName: string;

  constructor(scope: Construct, id: string, props: InstantTriggersProps) {
    super(scope, id);
    this.target = props.target;
    this.groupName = props.groupName;
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', { name: props.groupName });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: "Invokes the instant-trigger target for each reseller's one-time schedule",
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [props.target.function.functionArn],
      }),
    );
    this.deadLetterQueue = new DeadLetterQueue(this, 'Failures', {
      operations: props.operations,
      alarmName: 'instant-triggers-failed',
      holds: 'reseller instant triggers that could not be invoked, or whose target failed after its retries',
    });
    this.deadLetterQueue.queue.grantSendMessages(this.role);
    props.target.function.configureAsyncInvoke({
      retryAttempts: SCHEDULED_FUNCTION_RETRIES,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue.queue),
    });
  }

  /** What the planner needs: the settings in its environment, and rights on this group's schedules only. */
  grantPlanner(planner: AppFunction): void {
    const fn = planner.function;
    fn.addEnvironment('INSTANT_TRIGGER_GROUP', this.groupName);
    fn.addEnvironment('INSTANT_TRIGGER_TARGET_ARN', this.target.function.functionArn);
    fn.addEnvironment('INSTANT_TRIGGER_ROLE_ARN', this.role.roleArn);
    fn.addEnvironment('INSTANT_TRIGGER_DLQ_ARN', this.deadLetterQueue.queue.queueArn);
    const stack = Stack.of(this);
    const schedules = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.groupName}/reseller-*`,
    });
    Validations.of(planner.function.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region}:${Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account}:schedule/${this.groupName}/reseller-*]`,
      reason:
        'Schedules are created at run time, one per reseller, named reseller-<brn>: the grant is limited to that name pattern in the one instant-trigger group.',
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedules],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }
}

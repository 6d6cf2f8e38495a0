import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ALARM_PERIOD, type Operations } from './operations.js';

/**
 * What every queue of the app has: SSE with SQS-managed keys (no key policy to keep in step with
 * producers in other stacks, and AWS services that write to a DLQ need no KMS grant), TLS only,
 * and RETAIN: a queue may hold messages that exist nowhere else, so deleting a stack never drops them.
 */
export const QUEUE_DEFAULTS = {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  removalPolicy: RemovalPolicy.RETAIN,
} as const satisfies Partial<sqs.QueueProps>;

/**
 * Longest retention SQS allows. For standard queues a message keeps its original enqueue time when
 * it moves to a DLQ, so the DLQ must keep messages longer than any source queue does.
 */
export const DLQ_RETENTION = Duration.days(14);

export interface DeadLetterQueueProps {
  operations: Operations;
  /** Alarm name suffix, e.g. `spam-reports-dlq`. */
  alarmName: string;
  /** What lands here, for the alarm description and operators. */
  holds: string;
}

/**
 * A dead-letter queue with its alarm: any message in it is a failure nobody has handled yet, so
 * the alarm fires on the first one (ApproximateNumberOfMessagesVisible > 0).
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', { ...QUEUE_DEFAULTS, retentionPeriod: DLQ_RETENTION });
    props.operations.alarm(this, 'Alarm', {
      name: props.alarmName,
      description: `Messages in the dead-letter queue: ${props.holds}. Inspect them, fix the cause, then redrive.`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({
        period: ALARM_PERIOD,
        statistic: 'Maximum',
      }),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue (${props.holds}); a DLQ of a DLQ adds nothing, and its alarm fires on the first message.`,
    });
  }
}

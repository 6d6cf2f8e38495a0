import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { StreamConsumerDef } from '../../shared/topology.js';
import type { AppFunction } from './app-function.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import type { MessageQueues } from './message-queues.js';
import { ALARM_PERIOD, type Operations } from './operations.js';

export interface StreamConsumersProps {
  consumers: readonly StreamConsumerDef[];
  /** The table whose stream they read (NEW_AND_OLD_IMAGES). */
  table: dynamodb.ITable;
  queues: MessageQueues;
  operations: Operations;
  retryAttempts: number;
  maxRecordAge: Duration;
  /** Iterator age above which the consumer counts as behind (alarm). */
  iteratorAgeAlarm: Duration;
}

/**
 * The DynamoDB stream consumers of shared/topology.ts (the outbox relay). Each reads the table's
 * stream from the oldest record still there (TRIM_HORIZON: a re-created mapping re-reads rather
 * than skips; consumers are idempotent), sees only items of its `entities` (an event filter on
 * `NewImage.entity`: inserts and updates pass, removals carry no new image and never do),
 * reports the first failed record so the batch resumes there, splits a failing batch to isolate a
 * poison record, and after `retryAttempts` sends the failed batch's position to an on-failure
 * DLQ (alarm). Records left behind are not lost: the notices stay PENDING in the table and the
 * daily sweep re-drives them.
 */
export class StreamConsumers extends Construct {
  private readonly props: StreamConsumersProps;
  private readonly wired = new Set<string>();

  constructor(scope: Construct, id: string, props: StreamConsumersProps) {
    super(scope, id);
    this.props = props;
    this.node.addValidation({
      validate: () =>
        props.consumers
          .filter((c) => !this.wired.has(c.function))
          .map((c) => `stream consumer ${c.function} is not deployed`),
    });
  }

  /** `fnName` as a stream consumer: its event source, failure DLQ, queue grants and alarms. */
  attach(fn: AppFunction, fnName: string): void {
    for (const def of this.props.consumers) {
      if (def.function !== fnName) continue;
      const { operations } = this.props;
      const failures = new DeadLetterQueue(this, `${def.function}-failures`, {
        operations,
        alarmName: `${def.function}-stream-failures`,
        holds: `positions of ${def.function} stream batches still failing after ${this.props.retryAttempts} retries`,
      });
      fn.function.addEventSource(
        new DynamoEventSource(this.props.table, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: def.batchSize,
          bisectBatchOnError: def.bisectOnError ?? true,
          ...(def.maxBatchingWindowSeconds
            ? { maxBatchingWindow: Duration.seconds(def.maxBatchingWindowSeconds) }
            : {}),
          retryAttempts: this.props.retryAttempts,
          maxRecordAge: this.props.maxRecordAge,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(failures.queue),
          filters: [entityFilter(def.entities, def.eventNames)],
        }),
      );
      // The mapping's grant (table.grantStreamRead) includes dynamodb:ListStreams, which has no
      // resource-level permissions. The same finding id is already acknowledged for X-Ray.
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'dynamodb:ListStreams, required by a DynamoDB stream event source mapping, supports no resource-level permissions; the stream read actions are on the one stream ARN.',
      });
      for (const queueName of def.sendsTo) this.props.queues.grantSender(fn, fnName, queueName);
      const maxAge = def.maxLagSeconds ? Duration.seconds(def.maxLagSeconds) : this.props.iteratorAgeAlarm;
      operations.alarm(this, `${def.function}-iterator-age`, {
        name: `${def.function}-iterator-age`,
        description: `${def.function} is more than ${maxAge.toHumanString()} behind the table's stream: outbox items wait.`,
        metric: fn.function.metric('IteratorAge', { period: ALARM_PERIOD, statistic: 'Maximum' }),
        threshold: maxAge.toMilliseconds(),
        evaluationPeriods: 5,
      });
      this.wired.add(fnName);
    }
  }
}

/** Lambda event filter: stream records whose new image is an item of one of `entities` (and of `eventNames`). */
export function entityFilter(
  entities: readonly string[],
  eventNames?: readonly string[],
): Record<string, unknown> {
  if (entities.length === 0) throw new Error('a stream consumer names at least one entity');
  return lambda.FilterCriteria.filter({
    ...(eventNames ? { eventName: lambda.FilterRule.or(...eventNames) } : {}),
    dynamodb: { NewImage: { entity: { S: lambda.FilterRule.or(...entities) } } },
  });
}

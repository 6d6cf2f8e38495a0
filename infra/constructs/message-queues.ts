import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queueUrlEnvName } from '../../shared/adapters/sqs/client.js';
import type { QueueDef } from '../../shared/topology.js';
import type { AppFunction } from './app-function.js';
import { DeadLetterQueue, QUEUE_DEFAULTS } from './dead-letter-queue.js';
import { ALARM_PERIOD, type Operations } from './operations.js';

/**
 * AWS guidance for SQS event sources: the queue's visibility timeout at least six times the
 * function's timeout, so a batch retried after throttling is not received twice meanwhile. The
 * topology states the visibility timeout (what the consumer's retries are designed around); the
 * consumer's timeout is derived from it, never set separately.
 */
export const VISIBILITY_PER_FUNCTION_TIMEOUT = 6;

/**
 * A consumer's timeout: the visibility timeout of its queue / 6 (the shortest, should one function
 * consume several), in whole seconds.
 */
export function consumerTimeout(consumed: readonly QueueDef[]): Duration {
  if (consumed.length === 0) throw new Error('a consumer consumes at least one queue');
  const seconds = Math.min(
    ...consumed.map((q) => Math.floor(q.visibilityTimeoutSeconds / VISIBILITY_PER_FUNCTION_TIMEOUT)),
  );
  if (seconds < 3)
    throw new Error(`visibility timeout too short for a consumer (${seconds} s function timeout)`);
  return Duration.seconds(seconds);
}

/**
 * Main queues keep messages 4 days (SQS's default, stated): longer than any retry schedule held on
 * a queue (notices: about 23 h, shared/domain/notices/delivery.ts), shorter than the DLQ's 14 days.
 */
export const QUEUE_RETENTION = Duration.days(4);

export interface MessageQueuesProps {
  queues: readonly QueueDef[];
  operations: Operations;
  /** The oldest-message age above which a queue's alarm fires. */
  oldestMessageAge: (queueName: string) => Duration;
}

export interface MessageQueue {
  def: QueueDef;
  queue: sqs.Queue;
  deadLetterQueue: DeadLetterQueue;
  /** `QUEUE_URL_<NAME>` (shared/adapters/sqs/client.ts names it, for CDK and the local runtime). */
  urlEnv: string;
}

/**
 * The SQS queues of shared/topology.ts, each with its DLQ (redrive after `maxReceiveCount`), its
 * alarms (a message in the DLQ; the oldest message too old), and the grants of its producers and
 * its consumer, given here next to the queue whichever stack the function lives in.
 */
export class MessageQueues extends Construct {
  readonly byName: ReadonlyMap<string, MessageQueue>;
  private readonly wired = new Set<string>();

  constructor(scope: Construct, id: string, props: MessageQueuesProps) {
    super(scope, id);
    const byName = new Map<string, MessageQueue>();
    for (const def of props.queues) {
      const deadLetterQueue = new DeadLetterQueue(this, `${def.name}-dlq`, {
        operations: props.operations,
        alarmName: `${def.name}-dlq`,
        holds: `${def.name} messages ${def.consumer} failed ${def.maxReceiveCount} times`,
      });
      const queue = new sqs.Queue(this, def.name, {
        ...QUEUE_DEFAULTS,
        visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
        retentionPeriod: QUEUE_RETENTION,
        deadLetterQueue: { queue: deadLetterQueue.queue, maxReceiveCount: def.maxReceiveCount },
      });
      const maxAge = props.oldestMessageAge(def.name);
      props.operations.alarm(this, `${def.name}-age`, {
        name: `${def.name}-oldest-message`,
        description: `The oldest message on ${def.name} is older than ${maxAge.toHumanString()}: ${def.consumer} is not keeping up or keeps failing.`,
        metric: queue.metricApproximateAgeOfOldestMessage({ period: ALARM_PERIOD, statistic: 'Maximum' }),
        threshold: maxAge.toSeconds(),
        evaluationPeriods: 5,
      });
      byName.set(def.name, { def, queue, deadLetterQueue, urlEnv: queueUrlEnvName(def.name) });
    }
    this.byName = byName;
    // Every producer and consumer the topology names must be deployed and wired somewhere.
    this.node.addValidation({
      validate: () =>
        props.queues.flatMap((def) =>
          [...def.producers.map((p) => `producer:${def.name}:${p}`), `consumer:${def.name}:${def.consumer}`]
            .filter((key) => !this.wired.has(key))
            .map((key) => `queue ${def.name}: ${key.split(':')[0]} ${key.split(':')[2]} is not deployed`),
        ),
    });
  }

  /** The queues `fnName` consumes. */
  consumedBy(fnName: string): QueueDef[] {
    return [...this.byName.values()].filter((q) => q.def.consumer === fnName).map((q) => q.def);
  }

  /** Producers: the queue's URL in `QUEUE_URL_<NAME>` and SendMessage (batch) on it. */
  grantProducer(fn: AppFunction, fnName: string): void {
    for (const { def } of this.byName.values()) {
      if (def.producers.includes(fnName)) this.grantSender(fn, fnName, def.name);
    }
  }

  /** One queue's URL and SendMessage for `fnName`, which the topology must list as its producer. */
  grantSender(fn: AppFunction, fnName: string, queueName: string): void {
    const q = this.byName.get(queueName);
    if (!q) throw new Error(`${fnName} sends to unknown queue ${queueName}`);
    if (!q.def.producers.includes(fnName)) {
      throw new Error(`${fnName} sends to ${queueName}, whose producers do not name it (shared/topology.ts)`);
    }
    const key = `producer:${queueName}:${fnName}`;
    if (this.wired.has(key)) return;
    fn.function.addEnvironment(q.urlEnv, q.queue.queueUrl);
    q.queue.grantSendMessages(fn.function);
    this.wired.add(key);
  }

  /**
   * The consumer: an event source mapping with partial batch failures and bounded concurrency. Its
   * role may receive, delete and change the visibility of the queue's messages (the grant of the
   * mapping); deliver-notice uses ChangeMessageVisibility to hold a failed notice back until its
   * next attempt. The consumer also gets the queue's URL for those calls.
   */
  attachConsumer(fn: AppFunction, fnName: string): void {
    for (const { def, queue, urlEnv } of this.byName.values()) {
      if (def.consumer !== fnName) continue;
      const timeout = fn.function.timeout?.toSeconds() ?? 3;
      if (timeout * VISIBILITY_PER_FUNCTION_TIMEOUT > def.visibilityTimeoutSeconds) {
        throw new Error(
          `${fnName} times out after ${timeout} s; ${def.name}'s visibility timeout must be at least ${VISIBILITY_PER_FUNCTION_TIMEOUT}x that`,
        );
      }
      fn.function.addEventSource(
        new SqsEventSource(queue, {
          batchSize: def.batchSize,
          ...(def.maxBatchingWindowSeconds > 0
            ? { maxBatchingWindow: Duration.seconds(def.maxBatchingWindowSeconds) }
            : {}),
          reportBatchItemFailures: true,
          maxConcurrency: def.maxConcurrency,
        }),
      );
      fn.function.addEnvironment(urlEnv, queue.queueUrl);
      this.wired.add(`consumer:${def.name}:${fnName}`);
    }
  }
}

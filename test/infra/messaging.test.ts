import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StageConfig } from '../../infra/config.js';
import { DLQ_RETENTION } from '../../infra/constructs/dead-letter-queue.js';
import {
  consumerTimeout,
  QUEUE_RETENTION,
  VISIBILITY_PER_FUNCTION_TIMEOUT,
} from '../../infra/constructs/message-queues.js';
import { queueUrlEnvName } from '../../shared/adapters/sqs/client.js';
import { RETRY_DELAYS_SECONDS } from '../../shared/domain/notices/delivery.js';
import {
  queues,
  registryStreamConsumers,
  registryStreamReader,
  streamConsumers,
} from '../../shared/topology.js';
import {
  actionsOf,
  type DeployedFunction,
  deployedFunctions,
  flatten,
  type Resources,
  registryApp,
  resourcesOfType,
  templateOf,
} from './support.js';

let config: StageConfig;
let stateful: Template;
let consumers: Template;
let functions: DeployedFunction[];
let statefulQueues: Resources;
let alarms: Resources;

beforeAll(() => {
  const built = registryApp();
  config = built.config;
  stateful = templateOf(built.stacks.stateful);
  consumers = templateOf(built.stacks.consumers);
  functions = deployedFunctions(built.app);
  statefulQueues = resourcesOfType(stateful, 'AWS::SQS::Queue');
  alarms = resourcesOfType(stateful, 'AWS::CloudWatch::Alarm');
});

const fnNamed = (name: string) => {
  const found = functions.filter((f) => f.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
/** Logical id of the stateful queue a cross-stack value (ImportValue of its Arn or Ref) points at. */
const queueIdIn = (value: unknown) =>
  Object.keys(statefulQueues).find((id) => JSON.stringify(value ?? null).includes(id));
const mainQueueId = (name: string) =>
  Object.keys(statefulQueues).find(
    (id) => id.startsWith(`Queues${name.replace(/-/g, '')}`) && !id.includes('dlq'),
  )!;
const dlqId = (name: string) =>
  Object.keys(statefulQueues).find((id) => id.startsWith(`Queues${name.replace(/-/g, '')}dlq`))!;
const alarmOn = (queueId: string, metricName: string) =>
  Object.values(alarms).find(
    (a) =>
      a.Properties!.MetricName === metricName &&
      JSON.stringify(a.Properties!.Dimensions).includes(`"${queueId}"`),
  );

describe('topology queues', () => {
  it('creates one queue and one DLQ per topology queue, encrypted and TLS-only', () => {
    expect(Object.keys(statefulQueues)).toHaveLength(queues.length * 2);
    for (const q of Object.values(statefulQueues)) {
      expect(q.Properties).toMatchObject({ SqsManagedSseEnabled: true });
      expect(q.DeletionPolicy).toBe('Retain');
    }
    for (const policy of Object.values(resourcesOfType(stateful, 'AWS::SQS::QueuePolicy'))) {
      expect(JSON.stringify(policy.Properties!.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
    expect(Object.keys(resourcesOfType(stateful, 'AWS::SQS::QueuePolicy'))).toHaveLength(queues.length * 2);
  });

  it('redrives to the DLQ after maxReceiveCount, with the visibility timeout of the definition', () => {
    for (const def of queues) {
      const main = statefulQueues[mainQueueId(def.name)]!.Properties!;
      expect(main, def.name).toMatchObject({
        VisibilityTimeout: def.visibilityTimeoutSeconds,
        MessageRetentionPeriod: QUEUE_RETENTION.toSeconds(),
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [dlqId(def.name), 'Arn'] },
          maxReceiveCount: def.maxReceiveCount,
        },
      });
      expect(statefulQueues[dlqId(def.name)]!.Properties).toMatchObject({
        MessageRetentionPeriod: DLQ_RETENTION.toSeconds(),
      });
    }
  });

  it('keeps messages longer than the notice retry schedule, and DLQs longer than the queues', () => {
    const schedule = RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0);
    expect(QUEUE_RETENTION.toSeconds()).toBeGreaterThan(schedule);
    expect(DLQ_RETENTION.toSeconds()).toBeGreaterThan(QUEUE_RETENTION.toSeconds());
  });

  it('alarms on any message in each DLQ and on the age of the oldest message of each queue', () => {
    for (const def of queues) {
      const dlq = alarmOn(dlqId(def.name), 'ApproximateNumberOfMessagesVisible');
      expect(dlq, `${def.name} DLQ alarm`).toBeDefined();
      expect(dlq!.Properties).toMatchObject({
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      });
      const age = alarmOn(mainQueueId(def.name), 'ApproximateAgeOfOldestMessage');
      expect(age, `${def.name} age alarm`).toBeDefined();
      const expected = config.alarms.oldestMessageAgeOverrides[def.name] ?? config.alarms.oldestMessageAge;
      expect(age!.Properties!.Threshold).toBe(expected.toSeconds());
    }
  });
});

describe('queue consumers', () => {
  const mappingsOf = (fn: DeployedFunction) =>
    Object.values(resourcesOfType(consumers, 'AWS::Lambda::EventSourceMapping')).filter(
      (m) => (m.Properties!.FunctionName as { Ref: string }).Ref === fn.logicalId,
    );

  it('maps each queue to its consumer with partial batch failures and bounded concurrency', () => {
    for (const def of queues) {
      const fn = fnNamed(def.consumer);
      expect(fn.stack.stackName).toContain('consumers');
      const mapping = mappingsOf(fn).find(
        (m) => queueIdIn(m.Properties!.EventSourceArn) === mainQueueId(def.name),
      );
      expect(mapping, def.name).toBeDefined();
      expect(mapping!.Properties).toMatchObject({
        BatchSize: def.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: def.maxConcurrency },
      });
      expect(mapping!.Properties!.MaximumBatchingWindowInSeconds).toBe(
        def.maxBatchingWindowSeconds > 0 ? def.maxBatchingWindowSeconds : undefined,
      );
    }
  });

  it('times each consumer out within a sixth of its visibility timeout', () => {
    for (const def of queues) {
      const timeout = fnNamed(def.consumer).properties.Timeout as number;
      expect(timeout).toBe(consumerTimeout([def]).toSeconds());
      expect(timeout * VISIBILITY_PER_FUNCTION_TIMEOUT).toBeLessThanOrEqual(def.visibilityTimeoutSeconds);
    }
  });

  it('lets each consumer receive, delete and change the visibility of its own queue only', () => {
    for (const def of queues) {
      const fn = fnNamed(def.consumer);
      const sqs = fn.statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:Receive')));
      expect(sqs).toHaveLength(1);
      expect(actionsOf(sqs[0]!)).toEqual(
        expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']),
      );
      expect(queueIdIn(sqs[0]!.Resource)).toBe(mainQueueId(def.name));
    }
  });

  it('gives the notice delivery function the fan-out queue URL for ChangeMessageVisibility', () => {
    const fn = fnNamed('deliver-notice');
    expect(queueIdIn(fn.environment.QUEUE_URL_NOTICE_FANOUT)).toBe(mainQueueId('notice-fanout'));
    expect(fn.properties.Timeout as number).toBeLessThan(
      queues.find((q) => q.name === 'notice-fanout')!.visibilityTimeoutSeconds,
    );
  });

  it('grants table access as the queue definition declares it', () => {
    for (const def of queues) {
      const actions = fnNamed(def.consumer).statements.flatMap(actionsOf);
      expect(actions.includes('dynamodb:Query')).toBe(def.table !== 'none');
      expect(actions.includes('dynamodb:PutItem')).toBe(def.table === 'readwrite');
    }
  });
});

describe('queue producers', () => {
  it('give every producer QUEUE_URL_<NAME> and send permission on that queue only', () => {
    for (const def of queues) {
      for (const producer of def.producers) {
        const fn = fnNamed(producer);
        const env = queueUrlEnvName(def.name);
        expect(queueIdIn(fn.environment[env]), `${producer} ${env}`).toBe(mainQueueId(def.name));
        const sends = fn.statements.filter((s) => actionsOf(s).includes('sqs:SendMessage'));
        expect(sends.map((s) => queueIdIn(s.Resource))).toContain(mainQueueId(def.name));
      }
    }
  });

  it('gives no other function a queue URL or a send permission on a topology queue', () => {
    const involved = new Set(queues.flatMap((q) => [...q.producers, q.consumer]));
    for (const fn of functions.filter((f) => !involved.has(f.name))) {
      expect(
        Object.keys(fn.environment).filter((k) => k.startsWith('QUEUE_URL_')),
        fn.name,
      ).toEqual([]);
      const onTopologyQueues = fn.statements.filter(
        (s) => actionsOf(s).some((a) => a.startsWith('sqs:')) && queueIdIn(s.Resource) !== undefined,
      );
      expect(onTopologyQueues, fn.name).toEqual([]);
    }
  });
});

describe('stream consumers', () => {
  const streamMappings = () =>
    Object.values(resourcesOfType(consumers, 'AWS::Lambda::EventSourceMapping')).filter((m) =>
      flatten(m.Properties!.EventSourceArn).includes('StreamArn'),
    );

  it('reads the registry table stream, filtered to its entities, with retries and an on-failure DLQ', () => {
    expect(streamMappings()).toHaveLength(streamConsumers.length);
    for (const def of streamConsumers) {
      const fn = fnNamed(def.function);
      const mapping = streamMappings().find(
        (m) => (m.Properties!.FunctionName as { Ref: string }).Ref === fn.logicalId,
      )!;
      expect(flatten(mapping.Properties!.EventSourceArn)).toMatch(/RegistryTable.*StreamArn/);
      expect(mapping.Properties).toMatchObject({
        BatchSize: def.batchSize,
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: def.bisectOnError ?? true,
        ...(def.maxBatchingWindowSeconds
          ? { MaximumBatchingWindowInSeconds: def.maxBatchingWindowSeconds }
          : {}),
        MaximumRetryAttempts: config.streams.retryAttempts,
        MaximumRecordAgeInSeconds: config.streams.maxRecordAge.toSeconds(),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const filters = (mapping.Properties!.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
      // Inserts and updates carry a NewImage and pass (unless the consumer names its events);
      // removals never do.
      expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
        {
          ...(def.eventNames ? { eventName: [...def.eventNames] } : {}),
          dynamodb: { NewImage: { entity: { S: [...def.entities] } } },
        },
      ]);
      // The on-failure destination: a DLQ in the same stack, with its alarm, writable by the function.
      const destination = (
        mapping.Properties!.DestinationConfig as { OnFailure: { Destination: { 'Fn::GetAtt': string[] } } }
      ).OnFailure.Destination['Fn::GetAtt'][0]!;
      expect(resourcesOfType(consumers, 'AWS::SQS::Queue')[destination]).toBeDefined();
      const alarm = Object.values(resourcesOfType(consumers, 'AWS::CloudWatch::Alarm')).find((a) =>
        JSON.stringify(a.Properties!.Dimensions).includes(`"${destination}"`),
      );
      expect(alarm?.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
      });
      const sendsToDlq = fn.statements.filter(
        (s) => actionsOf(s).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(destination),
      );
      expect(sendsToDlq).toHaveLength(1);
    }
  });

  it('lets each stream consumer send to the queues it names, with their URLs', () => {
    for (const def of streamConsumers) {
      const fn = fnNamed(def.function);
      for (const queue of def.sendsTo) {
        expect(queueIdIn(fn.environment[queueUrlEnvName(queue)])).toBe(mainQueueId(queue));
        const sends = fn.statements.filter((s) => actionsOf(s).includes('sqs:SendMessage'));
        expect(sends.map((s) => queueIdIn(s.Resource))).toContain(mainQueueId(queue));
      }
      // It reads its records from the stream, and the table only where its definition asks for it.
      if ((def.table ?? 'none') === 'none')
        expect(fn.statements.flatMap(actionsOf)).not.toContain('dynamodb:GetItem');
      else expect(fn.statements.flatMap(actionsOf)).toContain('dynamodb:GetItem');
      expect(fn.properties.Timeout).toBe(config.functions.streamTimeout.toSeconds());
    }
  });

  it('has no stream read by more than two event source mappings (a shard serves at most two readers)', () => {
    const perStream = new Map<string, number>();
    for (const m of streamMappings()) {
      const stream = flatten(m.Properties!.EventSourceArn);
      perStream.set(stream, (perStream.get(stream) ?? 0) + 1);
    }
    expect(perStream.size).toBeGreaterThan(0);
    for (const [stream, readers] of perStream) expect(readers, stream).toBeLessThanOrEqual(2);
  });

  it('reads the registry stream once for its in-process consumers, filtered to all their entities', () => {
    const reader = streamConsumers.find((c) => c.function === registryStreamReader)!;
    expect([...reader.entities].sort()).toEqual(
      [...new Set(registryStreamConsumers.flatMap((c) => c.entities))].sort(),
    );
    // An in-process consumer is not also a reader of its own (that would be a third mapping).
    const readers = new Set(streamConsumers.map((c) => c.function));
    for (const c of registryStreamConsumers) expect(readers.has(c.name), c.name).toBe(false);
  });

  it('alarms when a stream consumer falls behind', () => {
    for (const def of streamConsumers) {
      const fn = fnNamed(def.function);
      const alarm = Object.values(resourcesOfType(consumers, 'AWS::CloudWatch::Alarm')).find(
        (a) =>
          a.Properties!.MetricName === 'IteratorAge' &&
          JSON.stringify(a.Properties!.Dimensions).includes(`"${fn.logicalId}"`),
      );
      // A consumer with its own bar (the log writer's 10 s) is late past it; others past the stage's.
      const maxLag = def.maxLagSeconds
        ? def.maxLagSeconds * 1000
        : config.alarms.streamIteratorAge.toMilliseconds();
      expect(alarm?.Properties?.Threshold, def.function).toBe(maxLag);
    }
  });
});

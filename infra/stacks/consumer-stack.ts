import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { deployedRoutes } from '../../shared/http/routes.js';
import { queues, streamConsumers, taskFunctions } from '../../shared/topology.js';
import type { StageConfig } from '../config.js';
import { type FunctionCapabilities, grantCapabilities } from '../constructs/capabilities.js';
import { ConsumerFunctions } from '../constructs/consumer-functions.js';
import { functionEnvironment, memoryFor } from '../constructs/function-environment.js';
import type { InstantTriggers } from '../constructs/instant-triggers.js';
import type { Operations } from '../constructs/operations.js';
import type { RegistryTables } from '../constructs/registry-tables.js';
import { StreamConsumers } from '../constructs/stream-consumers.js';

export interface ConsumerStackProps extends StackProps {
  config: StageConfig;
  tables: RegistryTables;
  operations: Operations;
  capabilities: FunctionCapabilities;
  /** Per-reseller instant triggers (workflow stack): the stream consumer that plans them gets its grants. */
  instantTriggers: InstantTriggers;
}

/**
 * Stateless: the asynchronous side of shared/topology.ts, i.e. the SQS queue consumers (spam
 * intake, notice delivery) and the DynamoDB stream consumers (the outbox relay), with their event
 * source mappings. The queues themselves are stateful (StatefulStack).
 */
export class ConsumerStack extends Stack {
  readonly functions: ConsumerFunctions;

  constructor(scope: Construct, id: string, props: ConsumerStackProps) {
    super(scope, id, props);
    const { config, tables, operations, capabilities } = props;
    assertNotDeployedElsewhere();

    this.functions = new ConsumerFunctions(this, 'Functions', {
      queues,
      streamConsumers,
      tables,
      environment: functionEnvironment(config, tables),
      memorySize: memoryFor(config),
      streamTimeout: config.functions.streamTimeout,
      logRetention: config.logRetention,
    });
    const streams = new StreamConsumers(this, 'Streams', {
      consumers: streamConsumers,
      table: tables.registry,
      queues: capabilities.queues,
      operations,
      retryAttempts: config.streams.retryAttempts,
      maxRecordAge: config.streams.maxRecordAge,
      iteratorAgeAlarm: config.alarms.streamIteratorAge,
    });
    for (const [name, fn] of this.functions.byName) {
      capabilities.queues.attachConsumer(fn, name);
      streams.attach(fn, name);
      if (streamConsumers.some((c) => c.function === name && c.plansInstantTriggers)) {
        props.instantTriggers.grantPlanner(fn);
      }
      grantCapabilities(capabilities, name, fn);
    }
  }
}

/** Each function is deployed once: a consumer that is also a route or a task is a topology error. */
function assertNotDeployedElsewhere(): void {
  const elsewhere = new Set([
    ...deployedRoutes.map((r) => r.function),
    ...taskFunctions.map((t) => t.function),
  ]);
  for (const name of [...queues.map((q) => q.consumer), ...streamConsumers.map((s) => s.function)]) {
    if (elsewhere.has(name)) {
      throw new Error(
        `${name} consumes a queue or stream but is also a route or task function; deploy it once`,
      );
    }
  }
}

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { instantTriggerTarget, schedules, stateMachines, taskFunctions } from '../../shared/topology.js';
import type { StageConfig } from '../config.js';
import { type FunctionCapabilities, grantCapabilities } from '../constructs/capabilities.js';
import { functionEnvironment, memoryFor } from '../constructs/function-environment.js';
import { InstantTriggers } from '../constructs/instant-triggers.js';
import { customMetricAlarms, MetricAlarms } from '../constructs/metric-alarms.js';
import type { Operations } from '../constructs/operations.js';
import type { RegistryTables } from '../constructs/registry-tables.js';
import { Schedules } from '../constructs/schedules.js';
import { Workflows } from '../constructs/workflows.js';

export interface WorkflowStackProps extends StackProps {
  config: StageConfig;
  tables: RegistryTables;
  operations: Operations;
  capabilities: FunctionCapabilities;
}

/** Stateless: the workflows, their task functions, the schedules of shared/topology.ts, their alarms. */
export class WorkflowStack extends Stack {
  readonly workflows: Workflows;
  readonly schedules: Schedules;
  readonly instantTriggers: InstantTriggers;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const { config, tables, operations, capabilities } = props;
    this.workflows = new Workflows(this, 'Workflows', {
      namePrefix: `${config.appName}-${config.stage}`,
      taskFunctions,
      stateMachines,
      tables,
      environment: functionEnvironment(config, tables),
      memorySize: memoryFor(config),
      timeout: config.functions.taskTimeout,
      logRetention: config.logRetention,
      operations,
    });
    for (const [name, fn] of this.workflows.taskFunctions) grantCapabilities(capabilities, name, fn);
    this.schedules = new Schedules(this, 'Schedules', {
      schedules,
      functionFor: (name) => {
        const fn = this.workflows.taskFunctions.get(name);
        if (!fn) throw new Error(`schedule target ${name} is not a task function`);
        return fn;
      },
      operations,
    });
    const target = this.workflows.taskFunctions.get(instantTriggerTarget);
    if (!target) throw new Error(`instant trigger target ${instantTriggerTarget} is not a task function`);
    this.instantTriggers = new InstantTriggers(this, 'InstantTriggers', {
      groupName: `${config.appName}-${config.stage}-instants`,
      target,
      operations,
    });
    new MetricAlarms(this, 'MetricAlarms', {
      defs: customMetricAlarms,
      namespace: config.metricsNamespace,
      serviceName: config.serviceName,
      operations,
    });
  }
}

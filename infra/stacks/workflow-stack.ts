import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { schedules, stateMachines, taskFunctions } from '../../shared/topology.js';
import type { StageConfig } from '../config.js';
import { functionEnvironment, memoryFor } from '../constructs/function-environment.js';
import type { RegistryTables } from '../constructs/registry-tables.js';
import { Schedules } from '../constructs/schedules.js';
import { Workflows } from '../constructs/workflows.js';

export interface WorkflowStackProps extends StackProps {
  config: StageConfig;
  tables: RegistryTables;
}

/** Stateless: the workflows, their task functions and the schedules of shared/topology.ts. */
export class WorkflowStack extends Stack {
  readonly workflows: Workflows;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const { config, tables } = props;
    this.workflows = new Workflows(this, 'Workflows', {
      namePrefix: `${config.appName}-${config.stage}`,
      taskFunctions,
      stateMachines,
      tables,
      environment: functionEnvironment(config, tables),
      memorySize: memoryFor(config),
      timeout: config.functions.taskTimeout,
      logRetention: config.logRetention,
    });
    new Schedules(this, 'Schedules', {
      schedules,
      functionFor: (name) => {
        const fn = this.workflows.taskFunctions.get(name);
        if (!fn) throw new Error(`schedule target ${name} is not a task function`);
        return fn;
      },
    });
  }
}

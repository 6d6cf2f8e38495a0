import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { StageConfig } from './config.js';
import { ApiStack } from './stacks/api-stack.js';
import { ConsumerStack } from './stacks/consumer-stack.js';
import { StatefulStack } from './stacks/stateful-stack.js';
import { WorkflowStack } from './stacks/workflow-stack.js';

/**
 * Context the app is built with (CLI or cdk.json context still wins). Strong cross-stack references
 * are CDK's current behaviour, stated explicitly: an export in use cannot be removed by accident.
 */
export const APP_CONTEXT: Record<string, unknown> = {
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

export interface RegistryStacks {
  stateful: StatefulStack;
  workflows: WorkflowStack;
  consumers: ConsumerStack;
  api: ApiStack;
}

/**
 * The stacks of one stage, stateful first. Constructs are passed across stacks as typed props;
 * CDK turns the references into exports and imports. cdk-nag (AwsSolutions) runs as a validation
 * plugin: any finding, error or warning, that is not acknowledged with a reason fails synthesis.
 */
export function addRegistryStacks(app: App, config: StageConfig): RegistryStacks {
  const name = (part: string) => `${config.appName}-${config.stage}-${part}`;
  const env = config.env;
  const tags = { app: config.appName, stage: config.stage };

  const stateful = new StatefulStack(app, name('stateful'), {
    config,
    env,
    tags,
    description: 'Registry tables, queues, topics and user directory (retained on delete)',
    terminationProtection: config.stage === 'prod',
  });
  const workflows = new WorkflowStack(app, name('workflows'), {
    config,
    env,
    tags,
    description: 'Workflows, their task functions, schedules and alarms',
    tables: stateful.tables,
    operations: stateful.operations,
    capabilities: stateful.capabilities,
  });
  const consumers = new ConsumerStack(app, name('consumers'), {
    config,
    env,
    tags,
    description: 'Queue consumers and the outbox relay (DynamoDB stream)',
    tables: stateful.tables,
    operations: stateful.operations,
    capabilities: stateful.capabilities,
    instantTriggers: workflows.instantTriggers,
  });
  const api = new ApiStack(app, name('api'), {
    config,
    env,
    tags,
    description: 'Registry REST API, its functions and web ACL',
    tables: stateful.tables,
    directory: stateful.directory,
    workflows: workflows.workflows,
    capabilities: stateful.capabilities,
  });
  return { stateful, workflows, consumers, api };
}

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

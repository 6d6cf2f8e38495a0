import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, type Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StateMachineDef, TaskFunctionDef } from '../../shared/topology.js';
import { AppFunction, REPO_ROOT } from './app-function.js';
import { iam5Finding } from './nag.js';
import { ALARM_PERIOD, type Operations } from './operations.js';
import type { RegistryTables } from './registry-tables.js';

export interface WorkflowsProps {
  /** Physical-name prefix: state machine names are fixed so their ARNs are known in advance. */
  namePrefix: string;
  taskFunctions: readonly TaskFunctionDef[];
  stateMachines: readonly StateMachineDef[];
  tables: RegistryTables;
  environment: Record<string, string>;
  memorySize: (fn: string) => number;
  timeout: Duration;
  logRetention: logs.RetentionDays;
  operations: Operations;
}

export interface Workflow {
  def: StateMachineDef;
  stateMachine: sfn.StateMachine;
  /** Physical name; executions are `arn:…:execution:<name>:<execution name>`. */
  name: string;
}

/** The `${Token}` substitutions an ASL file expects. */
export function aslTokens(asl: string): string[] {
  return [...new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!))].sort();
}

/**
 * The workflows of shared/topology.ts: their task functions and Standard state machines built
 * from the very ASL files the local runtime executes (inlined with definition substitutions, so the
 * template shows every state).
 */
export class Workflows extends Construct {
  readonly taskFunctions: ReadonlyMap<string, AppFunction>;
  readonly workflows: readonly Workflow[];

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const tasks = new Map<string, AppFunction>();
    for (const def of props.taskFunctions) {
      const fn = new AppFunction(this, `Task-${def.function}`, {
        entry: `functions/${def.function}/handler.ts`,
        description: def.description,
        memorySize: props.memorySize(def.function),
        timeout: props.timeout,
        logRetention: props.logRetention,
        environment: props.environment,
      });
      props.tables.grantAccess(fn.function, 'registry', def.table);
      tasks.set(def.function, fn);
    }
    this.taskFunctions = tasks;

    this.workflows = props.stateMachines.map((def) =>
      this.buildStateMachine(def, `${props.namePrefix}-${def.name}`, props),
    );
    // Task functions may drive workflows too (the daily sweep redrives reviews).
    for (const [name, fn] of tasks) this.grantDriver(fn, name);
  }

  private buildStateMachine(def: StateMachineDef, name: string, props: WorkflowsProps): Workflow {
    const asl = readFileSync(join(REPO_ROOT, def.file), 'utf8');
    const expected = Object.keys(def.functionArns).sort();
    if (aslTokens(asl).join() !== expected.join()) {
      throw new Error(
        `${def.file} uses \${${aslTokens(asl).join('}, ${')}} but topology maps ${expected.join(', ')}`,
      );
    }
    const invoked = Object.entries(def.functionArns).map(([token, fnName]) => {
      const fn = this.taskFunctions.get(fnName);
      if (!fn)
        throw new Error(`state machine ${def.name}: \${${token}} names unknown task function ${fnName}`);
      return [token, fn.function] as const;
    });
    const logGroup = new logs.LogGroup(this, `${def.name}-Logs`, {
      // The vended-logs prefix keeps the CloudWatch Logs resource policy small.
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stateMachine = new sfn.StateMachine(this, def.name, {
      stateMachineName: name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(asl),
      definitionSubstitutions: Object.fromEntries(invoked.map(([token, fn]) => [token, fn.functionArn])),
      // Every event, but no execution data: inputs and outputs carry task tokens and applicants' data.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // Exactly the functions the ASL names, unqualified as the ASL uses them (grantInvoke would add
    // a `:*` version wildcard).
    iam.Grant.addToPrincipal({
      grantee: stateMachine,
      actions: ['lambda:InvokeFunction'],
      resourceArns: invoked.map(([, fn]) => fn.functionArn),
    });
    Validations.of(stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CloudWatch Logs vended-log delivery (logs:CreateLogDelivery etc.) and X-Ray tracing actions support no resource-level permissions; CDK adds them for logging ALL events and tracing.',
    });
    // A review or grace period that ends in failure or runs out of time needs a person.
    props.operations.alarm(this, `${def.name}-failed`, {
      name: `${def.name}-executions-failed`,
      description: `An execution of ${name} failed (see its log group and the application's audit trail).`,
      metric: stateMachine.metricFailed({ period: ALARM_PERIOD, statistic: 'Sum' }),
    });
    props.operations.alarm(this, `${def.name}-timed-out`, {
      name: `${def.name}-executions-timed-out`,
      description: `An execution of ${name} timed out.`,
      metric: stateMachine.metricTimedOut({ period: ALARM_PERIOD, statistic: 'Sum' }),
    });
    return { def, stateMachine, name };
  }

  /**
   * What a function that drives a workflow needs: the state machine ARN in its environment, and
   * permission to start executions, answer task tokens and stop (withdraw) executions. The ARNs are
   * built from the fixed names, not referenced: no export per driver, and no dependency cycle when
   * a task function drives a workflow.
   */
  grantDriver(fn: AppFunction, fnName: string): void {
    const stack = Stack.of(fn);
    for (const { def, name } of this.workflows) {
      if (!def.drivenBy.includes(fnName)) continue;
      const arn = (resource: 'stateMachine' | 'execution', resourceName: string) =>
        stack.formatArn({
          service: 'states',
          resource,
          resourceName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
      const machineArn = arn('stateMachine', name);
      const executions = arn('execution', `${name}:*`);
      fn.function.addEnvironment(def.arnEnv, machineArn);
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [
            'states:StartExecution',
            'states:SendTaskSuccess',
            'states:SendTaskFailure',
            'states:SendTaskHeartbeat',
          ],
          resources: [machineArn],
        }),
      );
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [executions] }),
      );
      Validations.of(fn.role).acknowledge({
        id: iam5Finding(stack, executions),
        reason: `Executions of ${name} are named after the entity they handle (e.g. the application id), unknown at deploy time; the wildcard covers only this state machine's executions, to stop one on withdrawal.`,
      });
    }
  }
}

import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StageConfig } from '../../infra/config.js';
import { aslTokens } from '../../infra/constructs/workflows.js';
import { deployedRoutes } from '../../shared/http/routes.js';
import { schedules, stateMachines, taskFunctions } from '../../shared/topology.js';
import { flatten, type Resources, registryApp, resourcesOfType, templateOf } from './support.js';

let workflows: Template;
let api: Template;
let config: StageConfig;
let machines: Resources;
let functions: Resources;

beforeAll(() => {
  const built = registryApp();
  config = built.config;
  workflows = templateOf(built.stacks.workflows);
  api = templateOf(built.stacks.api);
  machines = resourcesOfType(workflows, 'AWS::StepFunctions::StateMachine');
  functions = resourcesOfType(workflows, 'AWS::Lambda::Function');
});

const machineNamed = (name: string) =>
  Object.values(machines).find(
    (m) => m.Properties!.StateMachineName === `${config.appName}-${config.stage}-${name}`,
  );

describe('workflows', () => {
  it('deploys one task function per topology entry, on Node.js 24 arm64', () => {
    expect(Object.keys(functions)).toHaveLength(taskFunctions.length);
    for (const def of taskFunctions) {
      const fn = Object.values(functions).find((f) => f.Properties!.Description === def.description);
      expect(fn, def.function).toBeDefined();
      expect(fn!.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    }
  });

  it('builds each state machine from its ASL file with every token bound to its task function', () => {
    expect(Object.keys(machines)).toHaveLength(stateMachines.length);
    for (const def of stateMachines) {
      const machine = machineNamed(def.name);
      expect(machine, def.name).toBeDefined();
      expect(machine!.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      });
      expect(aslTokens(readFileSync(def.file, 'utf8'))).toEqual(Object.keys(def.functionArns).sort());
      const substitutions = machine!.Properties!.DefinitionSubstitutions as Record<
        string,
        { 'Fn::GetAtt': string[] }
      >;
      expect(Object.keys(substitutions).sort()).toEqual(Object.keys(def.functionArns).sort());
      for (const [token, fnName] of Object.entries(def.functionArns)) {
        const [logicalId] = substitutions[token]!['Fn::GetAtt'];
        const fn = functions[logicalId!];
        expect(fn?.Properties?.Description, token).toBe(
          taskFunctions.find((t) => t.function === fnName)!.description,
        );
      }
      // The definition is inlined (not an S3 asset), so the template shows the states.
      expect(JSON.parse(machine!.Properties!.DefinitionString as string).StartAt).toBeTypeOf('string');
    }
  });

  it('lets each state machine invoke exactly its own task functions, unqualified', () => {
    for (const def of stateMachines) {
      const machine = machineNamed(def.name)!;
      const roleId = (machine.Properties!.RoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
      const policy = Object.values(resourcesOfType(workflows, 'AWS::IAM::Policy')).find((p) =>
        (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
      )!;
      const statements = (
        policy.Properties!.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
      ).Statement;
      const invoke = statements.find((s) => s.Action === 'lambda:InvokeFunction')!;
      const targets = (invoke.Resource as unknown[]).map(flatten);
      expect(targets).toHaveLength(new Set(Object.values(def.functionArns)).size);
      for (const t of targets) expect(t).toMatch(/^\{GetAtt:.*\.Arn\}$/);
    }
  });

  it('gives each driving function the state machine ARN and start/answer/stop permissions', () => {
    const apiFunctions = Object.values(resourcesOfType(api, 'AWS::Lambda::Function'));
    const apiPolicies = JSON.stringify(resourcesOfType(api, 'AWS::IAM::Policy'));
    for (const def of stateMachines) {
      const name = `${config.appName}-${config.stage}-${def.name}`;
      for (const driver of def.drivenBy) {
        const routes = deployedRoutes.filter((r) => r.function === driver);
        const fn =
          routes.length > 0
            ? apiFunctions.find(
                (f) => f.Properties!.Description === routes.map((r) => `${r.method} ${r.path}`).join(', '),
              )
            : Object.values(functions).find(
                (f) =>
                  f.Properties!.Description === taskFunctions.find((t) => t.function === driver)!.description,
              );
        expect(fn, driver).toBeDefined();
        const arn = (fn!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables[
          def.arnEnv
        ];
        expect(flatten(arn), driver).toMatch(new RegExp(`:stateMachine:${name}$`));
      }
      // A machine only task functions drive (the renewal timeline) has its grants in the workflow stack.
      const drivenByApi = def.drivenBy.some((d) => deployedRoutes.some((r) => r.function === d));
      const policies = drivenByApi
        ? apiPolicies
        : JSON.stringify(resourcesOfType(workflows, 'AWS::IAM::Policy'));
      expect(policies).toContain(`:execution:${name}:*`);
    }
  });

  it('schedules each topology schedule in its time zone', () => {
    const scheduled = Object.values(resourcesOfType(workflows, 'AWS::Scheduler::Schedule'));
    expect(scheduled).toHaveLength(schedules.length);
    for (const def of schedules) {
      const s = scheduled.find((x) => x.Properties!.Description === def.description)!;
      expect(s.Properties).toMatchObject({
        ScheduleExpression: `cron(${def.cron})`,
        ScheduleExpressionTimezone: def.timezone,
      });
      const target = flatten((s.Properties!.Target as { Arn: unknown }).Arn);
      const [logicalId] = target.slice('{GetAtt:'.length).split('.');
      expect(functions[logicalId!]!.Properties!.Description).toBe(
        taskFunctions.find((t) => t.function === def.function)!.description,
      );
    }
  });
});

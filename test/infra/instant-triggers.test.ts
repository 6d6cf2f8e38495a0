import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegistryStacks } from '../../infra/registry-app.js';
import { registryStreamReader } from '../../shared/topology.js';
import { actionsOf, deployedFunctions, registryApp, resourcesOfType, templateOf } from './support.js';

let stacks: RegistryStacks;
let app: ReturnType<typeof registryApp>['app'];
let workflows: Template;

beforeAll(() => {
  ({ stacks, app } = registryApp());
  workflows = templateOf(stacks.workflows);
});

describe('per-reseller instant triggers (EventBridge Scheduler)', () => {
  it('has one schedule group, and a role Scheduler assumes that may invoke only the trigger target', () => {
    const groups = Object.values(resourcesOfType(workflows, 'AWS::Scheduler::ScheduleGroup'));
    expect(groups.map((g) => g.Properties!.Name)).toEqual(['bulk-text-registry-dev-instants']);
    const roles = Object.entries(resourcesOfType(workflows, 'AWS::IAM::Role')).filter(([id]) =>
      id.startsWith('InstantTriggersRole'),
    );
    expect(roles).toHaveLength(1);
    const [roleId, role] = roles[0]!;
    expect(JSON.stringify(role.Properties!.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
    const policy = Object.values(resourcesOfType(workflows, 'AWS::IAM::Policy')).find((p) =>
      (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
    )!;
    const statements = (
      policy.Properties!.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
    ).Statement;
    const invoke = statements.filter((s) => JSON.stringify(s.Action).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    const target = deployedFunctions(app).find((f) => f.name === 'fire-instant-trigger')!;
    expect(JSON.stringify(invoke[0]!.Resource)).toContain(target.logicalId);
  });

  it('sends failed triggers to a DLQ that alarms, both undeliverable ones and failed runs', () => {
    const alarms = Object.values(resourcesOfType(workflows, 'AWS::CloudWatch::Alarm')).filter((a) =>
      String(a.Properties!.AlarmName ?? JSON.stringify(a.Properties)).includes('instant-triggers-failed'),
    );
    expect(alarms).toHaveLength(1);
    const target = deployedFunctions(app).find((f) => f.name === 'fire-instant-trigger')!;
    const configs = Object.values(resourcesOfType(workflows, 'AWS::Lambda::EventInvokeConfig')).filter((c) =>
      JSON.stringify(c.Properties!.FunctionName).includes(target.logicalId),
    );
    expect(configs).toHaveLength(1);
    expect(JSON.stringify(configs[0]!.Properties!.DestinationConfig)).toContain('InstantTriggersFailures');
  });

  it('lets the planner manage only reseller schedules of its group and pass only the trigger role', () => {
    const planner = deployedFunctions(app).find((f) => f.name === registryStreamReader)!;
    expect(Object.keys(planner.environment)).toEqual(
      expect.arrayContaining([
        'INSTANT_TRIGGER_GROUP',
        'INSTANT_TRIGGER_TARGET_ARN',
        'INSTANT_TRIGGER_ROLE_ARN',
        'INSTANT_TRIGGER_DLQ_ARN',
      ]),
    );
    const manage = planner.statements.filter((s) => actionsOf(s).includes('scheduler:CreateSchedule'));
    expect(manage).toHaveLength(1);
    expect(actionsOf(manage[0]!).sort()).toEqual([
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
      'scheduler:UpdateSchedule',
    ]);
    expect(JSON.stringify(manage[0]!.Resource)).toContain(
      'schedule/bulk-text-registry-dev-instants/reseller-*',
    );
    const pass = planner.statements.filter((s) => actionsOf(s).includes('iam:PassRole'));
    expect(pass).toHaveLength(1);
    expect(JSON.stringify(pass[0]!.Condition)).toContain('scheduler.amazonaws.com');
    // No other function may create schedules.
    const others = deployedFunctions(app).filter(
      (f) =>
        f.name !== registryStreamReader &&
        f.statements.some((s) => actionsOf(s).some((a) => a.startsWith('scheduler:'))),
    );
    expect(others.map((f) => f.name)).toEqual([]);
  });
});

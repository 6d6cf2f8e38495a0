import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StageConfig } from '../../infra/config.js';
import { customMetricAlarms } from '../../infra/constructs/metric-alarms.js';
import { SCHEDULE_RETRY } from '../../infra/constructs/schedules.js';
import type { RegistryStacks } from '../../infra/registry-app.js';
import { schedules, stateMachines, taskFunctions } from '../../shared/topology.js';
import {
  actionsOf,
  deployedFunctions,
  flatten,
  type Resources,
  registryApp,
  resourcesOfType,
  templateOf,
} from './support.js';

let config: StageConfig;
let stacks: RegistryStacks;
let templates: Record<keyof RegistryStacks, Template>;
let app: ReturnType<typeof registryApp>['app'];

beforeAll(() => {
  const built = registryApp();
  ({ config, stacks, app } = built);
  templates = {
    stateful: templateOf(stacks.stateful),
    workflows: templateOf(stacks.workflows),
    consumers: templateOf(stacks.consumers),
    api: templateOf(stacks.api),
  };
});

const allAlarms = (): Resources =>
  Object.assign({}, ...Object.values(templates).map((t) => resourcesOfType(t, 'AWS::CloudWatch::Alarm')));
const alarmTopicId = () =>
  Object.keys(resourcesOfType(templates.stateful, 'AWS::SNS::Topic')).find((id) =>
    id.startsWith('Operations'),
  )!;

describe('alarm topic', () => {
  it('is one KMS-encrypted topic whose key admits CloudWatch and rotates', () => {
    const topic = resourcesOfType(templates.stateful, 'AWS::SNS::Topic')[alarmTopicId()]!;
    const keyId = (topic.Properties!.KmsMasterKeyId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    const key = resourcesOfType(templates.stateful, 'AWS::KMS::Key')[keyId]!;
    expect(key.Properties!.EnableKeyRotation).toBe(true);
    expect(JSON.stringify(key.Properties!.KeyPolicy)).toContain('"Service":"cloudwatch.amazonaws.com"');
  });

  it('accepts TLS publishers only, and CloudWatch only for this account’s alarms', () => {
    const policy = Object.values(resourcesOfType(templates.stateful, 'AWS::SNS::TopicPolicy')).find(
      (p) => JSON.stringify(p.Properties!.Topics) === JSON.stringify([{ Ref: alarmTopicId() }]),
    )!;
    const statements = (policy.Properties!.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const cloudWatch = statements.find((s) => JSON.stringify(s.Principal).includes('cloudwatch'))!;
    expect(cloudWatch).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish' });
    expect(
      flatten((cloudWatch.Condition as { ArnLike: Record<string, unknown> }).ArnLike['aws:SourceArn']),
    ).toMatch(/:cloudwatch:.*:alarm:\*$/);
  });

  it('subscribes the configured e-mail addresses (none by default)', () => {
    expect(config.alarms.emails).toEqual([]);
    templates.stateful.resourceCountIs('AWS::SNS::Subscription', 0);
    const { stacks: withEmail } = registryApp({ stage: 'dev', alarmEmails: ['ops@example.org'] });
    templateOf(withEmail.stateful).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
  });

  it('receives every alarm of every stack', () => {
    const alarms = Object.entries(allAlarms());
    expect(alarms.length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms) {
      const actions = (alarm.Properties!.AlarmActions as unknown[]).map((a) => JSON.stringify(a));
      expect(actions, id).toHaveLength(1);
      expect(actions[0], id).toContain(alarmTopicId());
      expect(alarm.Properties!.AlarmName as string).toMatch(
        new RegExp(`^${config.appName}-${config.stage}-`),
      );
    }
    const names = alarms.map(([, a]) => a.Properties!.AlarmName);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('workflow alarms', () => {
  it('alarms on failed and timed-out executions of every state machine', () => {
    const machines = resourcesOfType(templates.workflows, 'AWS::StepFunctions::StateMachine');
    for (const def of stateMachines) {
      const [machineId] = Object.entries(machines).find(
        ([, m]) => m.Properties!.StateMachineName === `${config.appName}-${config.stage}-${def.name}`,
      )!;
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
        const alarm = Object.values(allAlarms()).find(
          (a) =>
            a.Properties!.MetricName === metric &&
            JSON.stringify(a.Properties!.Dimensions) ===
              JSON.stringify([{ Name: 'StateMachineArn', Value: { Ref: machineId } }]),
        );
        expect(alarm, `${def.name} ${metric}`).toBeDefined();
        expect(alarm!.Properties).toMatchObject({
          Namespace: 'AWS/States',
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
        });
      }
    }
  });

  it('alarms on the custom metrics with exactly the dimensions Powertools emits', () => {
    for (const def of customMetricAlarms) {
      for (const dimensions of def.dimensionSets) {
        // CloudWatch matches dimensions as a set; CDK writes them sorted by name.
        const byName = (ds: { Name: string; Value: string }[]) =>
          JSON.stringify([...ds].sort((a, b) => a.Name.localeCompare(b.Name)));
        const expected = byName([
          { Name: 'service', Value: config.serviceName },
          ...Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
        ]);
        const alarm = Object.values(allAlarms()).find(
          (a) =>
            a.Properties!.MetricName === def.metricName &&
            byName(a.Properties!.Dimensions as { Name: string; Value: string }[]) === expected,
        );
        expect(alarm, `${def.metricName} ${JSON.stringify(dimensions)}`).toBeDefined();
        expect(alarm!.Properties).toMatchObject({ Namespace: config.metricsNamespace, Statistic: 'Sum' });
      }
    }
  });

  it('matches what the handlers emit: namespace, metric name and dimension names', () => {
    for (const def of customMetricAlarms) {
      const source = readFileSync(`functions/${def.emittedBy}/handler.ts`, 'utf8');
      expect(source).toContain(`namespace: '${config.metricsNamespace}'`);
      expect(source).toContain(`addMetric('${def.metricName}'`);
      const emitted = [...source.matchAll(/addDimension\('([^']+)'/g)].map((m) => m[1]).sort();
      for (const dimensions of def.dimensionSets) expect(Object.keys(dimensions).sort()).toEqual(emitted);
    }
  });

  it('runs every function with the service name and namespace the alarms expect', () => {
    for (const fn of deployedFunctions(app)) {
      expect(fn.environment, fn.name).toMatchObject({
        POWERTOOLS_SERVICE_NAME: config.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: config.metricsNamespace,
      });
    }
  });
});

describe('schedule failures', () => {
  const scheduleDlq = () =>
    Object.keys(resourcesOfType(templates.workflows, 'AWS::SQS::Queue')).find((id) =>
      id.startsWith('SchedulesFailures'),
    )!;

  it('gives every schedule target a retry policy and a DLQ the schedule role may write to', () => {
    const dlq = scheduleDlq();
    expect(dlq).toBeDefined();
    const scheduled = Object.values(resourcesOfType(templates.workflows, 'AWS::Scheduler::Schedule'));
    expect(scheduled).toHaveLength(schedules.length);
    for (const s of scheduled) {
      const target = s.Properties!.Target as Record<string, unknown>;
      expect(target.RetryPolicy).toEqual({
        MaximumRetryAttempts: SCHEDULE_RETRY.maximumRetryAttempts,
        MaximumEventAgeInSeconds: SCHEDULE_RETRY.maximumEventAgeInSeconds,
      });
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } });
      const roleId = (target.RoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
      const policy = Object.values(resourcesOfType(templates.workflows, 'AWS::IAM::Policy')).find((p) =>
        (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
      )!;
      expect(JSON.stringify(policy.Properties!.PolicyDocument)).toContain(
        `"Action":["sqs:SendMessage","sqs:GetQueueAttributes","sqs:GetQueueUrl"],"Effect":"Allow","Resource":{"Fn::GetAtt":["${dlq}","Arn"]}`,
      );
    }
  });

  it('sends a scheduled function’s failed runs to the same DLQ, which alarms', () => {
    const dlq = scheduleDlq();
    // The instant-trigger target has its own DLQ (tested with the instant triggers).
    const configs = Object.values(
      resourcesOfType(templates.workflows, 'AWS::Lambda::EventInvokeConfig'),
    ).filter((c) => JSON.stringify(c.Properties!.DestinationConfig).includes(dlq));
    expect(configs).toHaveLength(new Set(schedules.map((s) => s.function)).size);
    for (const c of configs) {
      expect(c.Properties!.DestinationConfig).toEqual({
        OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } },
      });
    }
    for (const name of new Set(schedules.map((s) => s.function))) {
      expect(taskFunctions.map((t) => t.function)).toContain(name);
      const fn = deployedFunctions(app).find((f) => f.name === name)!;
      const sends = fn.statements.filter(
        (s) => actionsOf(s).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(dlq),
      );
      expect(sends).toHaveLength(1);
    }
    const alarm = Object.values(resourcesOfType(templates.workflows, 'AWS::CloudWatch::Alarm')).find((a) =>
      JSON.stringify(a.Properties!.Dimensions).includes(`"${dlq}"`),
    );
    expect(alarm?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
    });
  });
});

describe('reseller notifications', () => {
  it('is a KMS-encrypted, TLS-only topic', () => {
    const topics = resourcesOfType(templates.stateful, 'AWS::SNS::Topic');
    expect(Object.keys(topics)).toHaveLength(2);
    for (const [id, topic] of Object.entries(topics)) {
      expect(topic.Properties!.KmsMasterKeyId, id).toBeDefined();
      const policy = Object.values(resourcesOfType(templates.stateful, 'AWS::SNS::TopicPolicy')).find(
        (p) => JSON.stringify(p.Properties!.Topics) === JSON.stringify([{ Ref: id }]),
      );
      expect(JSON.stringify(policy?.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StageConfig } from '../../infra/config.js';
import { relaySeedItem } from '../../infra/constructs/relay-operator-seed.js';
import { functionAccess } from '../../infra/function-access.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import { deployedRoutes } from '../../shared/http/routes.js';
import { queues, stateMachines, streamConsumers, taskFunctions } from '../../shared/topology.js';
import {
  actionsOf,
  type DeployedFunction,
  deployedFunctions,
  flatten,
  registryApp,
  resourcesOfType,
  templateOf,
} from './support.js';

let config: StageConfig;
let functions: DeployedFunction[];
let stateful: Template;
let allFunctionResources: number;

beforeAll(() => {
  const built = registryApp();
  config = built.config;
  functions = deployedFunctions(built.app);
  stateful = templateOf(built.stacks.stateful);
  allFunctionResources = Object.values(built.stacks)
    .map((s) => Object.keys(resourcesOfType(templateOf(s), 'AWS::Lambda::Function')).length)
    .reduce((a, b) => a + b, 0);
});

const expectedNames = () =>
  new Set([
    ...deployedRoutes.map((r) => r.function),
    ...taskFunctions.map((t) => t.function),
    ...queues.map((q) => q.consumer),
    ...streamConsumers.map((s) => s.function),
  ]);
const fnNamed = (name: string) => functions.find((f) => f.name === name)!;

/** The functions whose handler imports a module under shared/adapters/<dir>/ (their wiring). */
function importersOf(dir: string): string[] {
  return readdirSync('functions')
    .filter((name) => expectedNames().has(name))
    .filter((name) =>
      new RegExp(`from '\\.\\./\\.\\./shared/adapters/${dir}/`).test(
        readFileSync(`functions/${name}/handler.ts`, 'utf8'),
      ),
    )
    .sort();
}

describe('deployed functions', () => {
  it('deploys every route, task, queue consumer and stream consumer function exactly once', () => {
    const names = functions.map((f) => f.name).sort();
    expect(names).toEqual([...expectedNames()].sort());
    // Plus the Cognito trigger, AwsCustomResource's provider (relay seeding) and BucketDeployment's
    // provider (the console's files): nothing else.
    expect(allFunctionResources).toBe(expectedNames().size + 3);
  });

  it('gives every function the base environment, and MACHINE_CLIENTS to HTTP functions only', () => {
    const http = new Set(deployedRoutes.map((r) => r.function));
    for (const fn of functions) {
      expect(fn.environment, fn.name).toMatchObject({ STAGE: config.stage });
      for (const key of ['TABLE_NAME', 'IDEMPOTENCY_TABLE_NAME']) expect(fn.environment[key]).toBeDefined();
      expect('MACHINE_CLIENTS' in fn.environment, fn.name).toBe(http.has(fn.name));
    }
  });

  it('gives the state machine ARN to the functions that drive it and to no other', () => {
    for (const def of stateMachines) {
      for (const fn of functions)
        expect(def.arnEnv in fn.environment, `${fn.name} ${def.arnEnv}`).toBe(def.drivenBy.includes(fn.name));
    }
  });
});

describe('relay signing secrets', () => {
  const prefix = () => `:secret:${config.stage}/relay-webhook/*`;
  const secretStatements = (fn: DeployedFunction) =>
    fn.statements.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));

  it('lets the relay-settings function create, put and describe (never read) secrets under the stage prefix only', () => {
    for (const name of functionAccess.relaySecretWriters) {
      const statements = secretStatements(fnNamed(name));
      expect(statements).toHaveLength(1);
      expect(actionsOf(statements[0]!).sort()).toEqual([
        'secretsmanager:CreateSecret',
        'secretsmanager:DescribeSecret',
        'secretsmanager:PutSecretValue',
      ]);
      expect(flatten(statements[0]!.Resource)).toMatch(
        new RegExp(
          `^arn:\\{Ref:AWS::Partition\\}:secretsmanager:${config.env.region}:\\{Ref:AWS::AccountId\\}${prefix().replace(/[*/]/g, '\\$&')}$`,
        ),
      );
    }
  });

  it('lets the webhook sender read them only, and sets its backend and webhook timeout', () => {
    for (const name of functionAccess.relayWebhookSenders) {
      const fn = fnNamed(name);
      const statements = secretStatements(fn);
      expect(statements.flatMap(actionsOf)).toEqual(['secretsmanager:GetSecretValue']);
      expect(flatten(statements[0]!.Resource).endsWith(prefix())).toBe(true);
      expect(fn.environment).toMatchObject({
        SECRETS_BACKEND: 'aws',
        WEBHOOK_TIMEOUT_MS: String(config.notices.webhookTimeout.toMilliseconds()),
      });
      // One attempt ends well within the function's own timeout.
      expect(config.notices.webhookTimeout.toSeconds()).toBeLessThan(fn.properties.Timeout as number);
    }
  });

  it('gives no other function secret access or the secrets backend', () => {
    const allowed = new Set<string>([
      ...functionAccess.relaySecretWriters,
      ...functionAccess.relayWebhookSenders,
    ]);
    for (const fn of functions.filter((f) => !allowed.has(f.name))) {
      expect(secretStatements(fn), fn.name).toEqual([]);
      expect(fn.environment.SECRETS_BACKEND, fn.name).toBeUndefined();
    }
  });
});

describe('reseller notifications', () => {
  it('lets exactly the publishers publish, with the topic ARN and the key actions publishing takes', () => {
    const publishers = new Set<string>(functionAccess.notificationPublishers);
    for (const fn of functions) {
      const publish = fn.statements.filter((s) => actionsOf(s).includes('sns:Publish'));
      // Signing keys (attestations, checkpoints) are test/infra/verifiable-registry.test.ts's.
      const kms = fn.statements
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('kms:') && a !== 'kms:Sign' && a !== 'kms:GetPublicKey');
      if (publishers.has(fn.name)) {
        expect(flatten(fn.environment.NOTIFY_TOPIC_ARN)).toMatch(/NotificationsTopic/);
        expect(publish).toHaveLength(1);
        expect(kms.sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      } else {
        expect(fn.environment.NOTIFY_TOPIC_ARN, fn.name).toBeUndefined();
        expect(publish, fn.name).toEqual([]);
        expect(kms, fn.name).toEqual([]);
      }
    }
  });
});

describe('access lists follow the handlers', () => {
  it('names as secret users exactly the functions wiring the secret store', () => {
    expect(importersOf('secrets')).toEqual(
      [...functionAccess.relaySecretWriters, ...functionAccess.relayWebhookSenders].sort(),
    );
  });

  it('names as webhook senders exactly the functions wiring the webhook sender', () => {
    expect(importersOf('webhooks')).toEqual([...functionAccess.relayWebhookSenders].sort());
  });

  it('names as notification publishers exactly the functions wiring the SNS publisher', () => {
    expect(importersOf('sns')).toEqual([...functionAccess.notificationPublishers].sort());
  });

  it('lets only the functions wiring the workflow client drive a workflow', () => {
    const drivers = new Set(stateMachines.flatMap((m) => m.drivenBy));
    for (const name of importersOf('sfn')) expect(drivers.has(name), name).toBe(true);
  });

  it('lists only functions that are deployed', () => {
    for (const name of Object.values(functionAccess).flat())
      expect(expectedNames().has(name), name).toBe(true);
  });
});

describe('relay operator seed', () => {
  it('puts each seed relay once, only if absent, in the shape the repository writes', () => {
    const seeds = Object.values(resourcesOfType(stateful, 'Custom::RelayOperatorSeed'));
    expect(seeds).toHaveLength(seedRelayOperators.length);
    const calls = seeds.map((s) => JSON.parse(flatten(s.Properties!.Create)) as Record<string, unknown>);
    for (const relay of seedRelayOperators) {
      const call = calls.find(
        (c) => (c.physicalResourceId as { id: string }).id === `relay-seed-${relay.relayId}`,
      )!;
      expect(call).toMatchObject({
        service: 'DynamoDB',
        action: 'PutItem',
        ignoreErrorCodesMatching: 'ConditionalCheckFailedException',
      });
      const parameters = call.parameters as {
        Item: Record<string, { S: string }>;
        ConditionExpression: string;
      };
      expect(parameters.ConditionExpression).toBe('attribute_not_exists(PK)');
      // DynamoRelayOperatorRepository.ensure: keys.relay + keys.relayIndex + entity + the relay.
      const ensured = {
        ...keys.relay(relay.relayId),
        ...keys.relayIndex(relay.relayId),
        entity: 'relay',
        ...relay,
      };
      expect(Object.fromEntries(Object.entries(parameters.Item).map(([k, v]) => [k, v.S]))).toEqual(ensured);
      expect(relaySeedItem(relay)).toEqual(ensured);
    }
  });

  it('runs with a role that may only put items in the registry table and write its log group', () => {
    const fn = Object.values(resourcesOfType(stateful, 'AWS::Lambda::Function')).find((f) =>
      JSON.stringify(f.Properties!.Role).includes('RelaySeedRole'),
    );
    expect(fn?.Properties).toMatchObject({ Runtime: expect.stringMatching(/^nodejs/) });
    const policy = Object.values(resourcesOfType(stateful, 'AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties!.Roles).includes('RelaySeedRole'),
    )!;
    const statements = (
      policy.Properties!.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
    ).Statement;
    expect(statements.map((s) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      'dynamodb:PutItem',
    ]);
    expect(JSON.stringify(statements[1]!.Resource)).toContain('RegistryTable');
    expect(Object.keys(resourcesOfType(stateful, 'AWS::IAM::ManagedPolicy'))).toEqual([]);
  });
});

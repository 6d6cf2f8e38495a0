import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MACHINE_ROLES } from '../../infra/config.js';
import { PEOPLE_SCOPE } from '../../infra/constructs/user-directory.js';
import { tableDefinitions } from '../../shared/adapters/dynamodb/table-definitions.js';
import { roles } from '../../shared/domain/core/principal.js';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import { flatten, registryApp, resourcesOfType, templateOf } from './support.js';

let template: Template;
let machineClients: ReturnType<typeof registryApp>['config']['machineClients'];

beforeAll(() => {
  const { stacks, config } = registryApp();
  template = templateOf(stacks.stateful);
  machineClients = config.machineClients;
});

describe('registry tables', () => {
  it('builds one table per definition, with its keys, GSIs, TTL and stream', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', tableDefinitions.length);
    for (const def of tableDefinitions) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
          ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' }] : []),
        ],
        GlobalSecondaryIndexes:
          def.globalSecondaryIndexes.length > 0
            ? def.globalSecondaryIndexes.map((gsi) => ({
                IndexName: gsi.indexName,
                KeySchema: [
                  { AttributeName: gsi.partitionKey.name, KeyType: 'HASH' },
                  ...(gsi.sortKey ? [{ AttributeName: gsi.sortKey.name, KeyType: 'RANGE' }] : []),
                ],
                Projection: { ProjectionType: 'ALL' },
              }))
            : Match.absent(),
        TimeToLiveSpecification: def.timeToLiveAttribute
          ? { AttributeName: def.timeToLiveAttribute, Enabled: true }
          : Match.absent(),
        StreamSpecification: def.stream ? { StreamViewType: def.stream } : Match.absent(),
      });
    }
  });

  it('gives every table on-demand billing, PITR, deletion protection, encryption and RETAIN', () => {
    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table');
    for (const table of Object.values(tables)) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      });
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    }
  });
});

describe('user directory', () => {
  it('has one group per role', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', roles.length);
    for (const role of roles)
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
  });

  it('keeps brn and relay_id immutable, requires TOTP MFA and a strong password, on the Plus plan', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Schema: Match.arrayWith([
          Match.objectLike({ Name: 'brn', Mutable: false, AttributeDataType: 'String' }),
          Match.objectLike({ Name: 'relay_id', Mutable: false, AttributeDataType: 'String' }),
        ]),
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
      }),
    });
  });

  it('lets no app client write a custom attribute', () => {
    const clients = resourcesOfType(template, 'AWS::Cognito::UserPoolClient');
    expect(Object.keys(clients).length).toBeGreaterThan(0);
    for (const client of Object.values(clients)) {
      const writable = client.Properties?.WriteAttributes as string[] | undefined;
      // Absent would mean "every writable attribute": it must be an explicit list.
      expect(writable).toBeDefined();
      expect(writable!.filter((a) => a.startsWith('custom:'))).toEqual([]);
    }
  });

  it('copies brn and relay_id into access tokens with a V2 pre token generation trigger', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: Match.anyValue() } },
    });
  });

  it("runs the trigger on Node.js 24 arm64 with a timeout within Cognito's 5 s limit", () => {
    // The other function of the stack is AwsCustomResource's provider (relay seeding).
    const fns = Object.entries(resourcesOfType(template, 'AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith('DirectoryPreTokenGeneration'),
    );
    expect(fns).toHaveLength(1);
    expect(fns[0]![1].Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 5,
    });
  });

  it('defines a registry resource server with one scope per machine role', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'registry',
      Scopes: MACHINE_ROLES.map((role) => Match.objectLike({ ScopeName: role })),
    });
  });

  it('creates one client-credentials app client per machine client, allowed only its role scope', () => {
    const clients = Object.values(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'));
    for (const mc of machineClients) {
      const client = clients.find((c) => c.Properties?.ClientName === mc.name);
      expect(client, mc.name).toBeDefined();
      expect(client!.Properties).toMatchObject({
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      });
      const scopes = (client!.Properties!.AllowedOAuthScopes as unknown[]).map(flatten);
      expect(scopes).toEqual([expect.stringMatching(new RegExp(`/${mc.role}$`))]);
    }
  });

  it('has a machine client for every seed relay operator and for the three monitoring feeds', () => {
    const relayIds = machineClients.filter((c) => c.role === 'relay').map((c) => c.relayId);
    expect(relayIds.sort()).toEqual(seedRelayOperators.map((r) => r.relayId).sort());
    expect(machineClients.filter((c) => c.role === 'monitor').map((c) => c.name)).toEqual([
      'kisa-118',
      'kisa-trap',
      'kcup-monitoring',
    ]);
  });

  it('gives people a public SRP/authorization-code client whose tokens carry the people scope', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'people-dev',
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayWith([PEOPLE_SCOPE]),
    });
  });
});

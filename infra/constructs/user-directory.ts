import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type Role, roles } from '../../shared/domain/core/principal.js';
import { MACHINE_ROLES, type MachineClientConfig, type MachineRole } from '../config.js';
import { AppFunction } from './app-function.js';

/** Identifier of the OAuth resource server; scopes read `registry/<machine role>`. */
export const RESOURCE_SERVER_ID = 'registry';

/**
 * The scope every people's access token carries (SRP sign-in always grants it; hosted sign-in grants
 * it when the app client requests it). The gateway admits people by this scope; their role is the
 * `cognito:groups` claim, checked by each handler.
 */
export const PEOPLE_SCOPE = 'aws.cognito.signin.user.admin';

export const machineScope = (role: MachineRole): string => `${RESOURCE_SERVER_ID}/${role}`;

const GROUP_DESCRIPTIONS: Record<Role, string> = {
  reseller: 'Bulk-text resellers (custom:brn names their business)',
  relay: 'Relay operators staff (custom:relay_id names the operator)',
  reviewer: 'KCUP document and on-site reviewers',
  committee: 'Operating committee members (final certification decisions)',
  monitor: 'KISA/KCUP spam monitoring staff',
  regulator: 'Regulators (KCC, KISA): read-only oversight',
  admin: 'Operators of this system',
};

export interface UserDirectoryProps {
  stage: string;
  domainPrefix: string;
  callbackUrls: string[];
  logoutUrls: string[];
  accessTokenValidity: Duration;
  machineClients: readonly MachineClientConfig[];
  logRetention: logs.RetentionDays;
}

export interface MachineClient {
  config: MachineClientConfig;
  client: cognito.UserPoolClient;
}

/**
 * Who may call the registry: one Cognito user pool for people (groups = the roles: reseller, relay, reviewer, committee, monitor, regulator, admin)
 * and for systems (OAuth client credentials, one app client per relay operator or monitoring feed).
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly peopleClient: cognito.UserPoolClient;
  readonly machineClients: readonly MachineClient[];

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Accounts are created by KCUP once a business is verified: `custom:brn` is set at creation
      // and can never change, so there is no self sign-up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        brn: new cognito.StringAttribute({ minLen: 10, maxLen: 10, mutable: false }),
        relay_id: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: false }),
      },
      // Checklist 3.4 (login MFA) and cdk-nag COG2: TOTP only, no SMS role or SMS cost.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection (compromised credentials, adaptive authentication; cdk-nag COG8) and
      // access token customisation (the pre token generation trigger below).
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const trigger = new AppFunction(this, 'PreTokenGeneration', {
      entry: 'infra/triggers/pre-token-generation.ts',
      description: 'Copies custom:brn and custom:relay_id into access tokens',
      memorySize: 256,
      // Cognito waits at most 5 s for a trigger.
      timeout: Duration.seconds(5),
      logRetention: props.logRetention,
    });
    this.userPool.addTrigger(
      cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      trigger.function,
      cognito.LambdaVersion.V2_0,
    );

    for (const role of roles) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: GROUP_DESCRIPTIONS[role] });
    }

    const scopes = Object.fromEntries(
      MACHINE_ROLES.map((role) => [
        role,
        new cognito.ResourceServerScope({
          scopeName: role,
          scopeDescription: `Call the registry as a ${role} system`,
        }),
      ]),
    ) as Record<MachineRole, cognito.ResourceServerScope>;
    const resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: 'Bulk-text reseller registry API',
      scopes: Object.values(scopes),
    });

    // The token endpoint for client credentials lives on the user pool domain.
    this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    // Custom attributes are readable (they end up in ID tokens) but no app client may write them:
    // only an administrator sets them, once, when creating the user.
    const standardWritable = new cognito.ClientAttributes().withStandardAttributes({
      email: true,
      fullname: true,
    });
    const readable = new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
      .withCustomAttributes('brn', 'relay_id');

    this.peopleClient = this.userPool.addClient('PeopleClient', {
      userPoolClientName: `people-${props.stage}`,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        // COGNITO_ADMIN is `aws.cognito.signin.user.admin`: the scope the API admits people by.
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.COGNITO_ADMIN],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      readAttributes: readable,
      writeAttributes: standardWritable,
      accessTokenValidity: props.accessTokenValidity,
      idTokenValidity: props.accessTokenValidity,
      refreshTokenValidity: Duration.hours(12),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });
    // Managed login (v2) pages show nothing for a client without a style: use Cognito's default one.
    new cognito.CfnManagedLoginBranding(this, 'PeopleLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.peopleClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.machineClients = props.machineClients.map((config) => ({
      config,
      client: this.userPool.addClient(`Machine-${config.name}`, {
        userPoolClientName: config.name,
        // The secret stays in Cognito; operators hand it to the relay/feed out of band.
        generateSecret: true,
        // No user sign-in flows at all (only ALLOW_REFRESH_TOKEN_AUTH remains, which client
        // credentials never use): the client can only exchange its secret for its scope.
        authFlows: { userSrp: false },
        oAuth: {
          flows: { clientCredentials: true },
          scopes: [cognito.OAuthScope.resourceServer(resourceServer, scopes[config.role])],
        },
        supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
        writeAttributes: standardWritable,
        accessTokenValidity: props.accessTokenValidity,
        preventUserExistenceErrors: true,
        enableTokenRevocation: true,
      }),
    }));
  }

  /**
   * The MACHINE_CLIENTS env var (shared/config/env.ts): app client id → role and relay id. Client
   * ids are deploy-time tokens, so this is a CloudFormation expression, not a literal.
   */
  machineClientsJson(scope: Construct): string {
    const map: Record<string, { role: MachineRole; relayId?: string }> = {};
    for (const { config, client } of this.machineClients) {
      map[client.userPoolClientId] = {
        role: config.role,
        ...(config.relayId ? { relayId: config.relayId } : {}),
      };
    }
    return Stack.of(scope).toJsonString(map);
  }
}

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import { queues } from '../../shared/topology.js';
import type { StageConfig } from '../config.js';
import type { FunctionCapabilities } from '../constructs/capabilities.js';
import { MessageQueues } from '../constructs/message-queues.js';
import { Operations } from '../constructs/operations.js';
import { RegistryTables } from '../constructs/registry-tables.js';
import { RelayOperatorSeed } from '../constructs/relay-operator-seed.js';
import { RelayWebhooks } from '../constructs/relay-webhooks.js';
import { ResellerNotifications } from '../constructs/reseller-notifications.js';
import { UserDirectory } from '../constructs/user-directory.js';
import { VerifiableRegistry } from '../constructs/verifiable-registry.js';
import { functionAccess } from '../function-access.js';

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

/**
 * What holds data, messages and identities: the tables (with the seeded relay operators), the
 * queues and their DLQs, the notification and alarm topics, and the user pool. Kept apart from
 * the stateless stacks so those can be replaced or rolled back freely; tables, queues and keys
 * are retained on delete.
 */
export class StatefulStack extends Stack {
  readonly tables: RegistryTables;
  readonly directory: UserDirectory;
  readonly operations: Operations;
  readonly capabilities: FunctionCapabilities;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const namePrefix = `${config.appName}-${config.stage}`;
    this.operations = new Operations(this, 'Operations', { namePrefix, emails: config.alarms.emails });
    this.tables = new RegistryTables(this, 'Tables');
    new RelayOperatorSeed(this, 'RelaySeed', {
      table: this.tables.registry,
      relays: seedRelayOperators,
      logRetention: config.logRetention,
    });
    this.directory = new UserDirectory(this, 'Directory', {
      stage: config.stage,
      domainPrefix: config.auth.domainPrefix,
      callbackUrls: config.auth.callbackUrls,
      logoutUrls: config.auth.logoutUrls,
      accessTokenValidity: config.auth.accessTokenValidity,
      machineClients: config.machineClients,
      logRetention: config.logRetention,
    });
    this.capabilities = {
      queues: new MessageQueues(this, 'Queues', {
        queues,
        operations: this.operations,
        oldestMessageAge: (name) =>
          config.alarms.oldestMessageAgeOverrides[name] ?? config.alarms.oldestMessageAge,
      }),
      notifications: new ResellerNotifications(this, 'Notifications', {
        namePrefix,
        publishers: functionAccess.notificationPublishers,
      }),
      relayWebhooks: new RelayWebhooks(this, 'RelayWebhooks', {
        stage: config.stage,
        webhookTimeout: config.notices.webhookTimeout,
        senders: functionAccess.relayWebhookSenders,
        secretWriters: functionAccess.relaySecretWriters,
      }),
      verifiableRegistry: new VerifiableRegistry(this, 'VerifiableRegistry', {
        namePrefix,
        attestationKeys: config.attestationKeys,
        attestationSigners: functionAccess.attestationSigners,
        attestationKeyReaders: functionAccess.attestationKeyReaders,
        logWriters: functionAccess.logWriters,
      }),
    };
  }
}

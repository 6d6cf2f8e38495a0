import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { RegistryTables } from '../constructs/registry-tables.js';
import { UserDirectory } from '../constructs/user-directory.js';

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

/**
 * What holds data and identities: the tables and the user pool. Kept apart from the stateless
 * stacks so those can be replaced or rolled back freely; everything here is retained on delete.
 */
export class StatefulStack extends Stack {
  readonly tables: RegistryTables;
  readonly directory: UserDirectory;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.tables = new RegistryTables(this, 'Tables');
    this.directory = new UserDirectory(this, 'Directory', {
      stage: config.stage,
      domainPrefix: config.auth.domainPrefix,
      callbackUrls: config.auth.callbackUrls,
      logoutUrls: config.auth.logoutUrls,
      accessTokenValidity: config.auth.accessTokenValidity,
      machineClients: config.machineClients,
      logRetention: config.logRetention,
    });
  }
}

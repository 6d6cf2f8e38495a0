import { App } from 'aws-cdk-lib';
import { stageConfig } from './config.js';
import { APP_CONTEXT, addNagChecks, addRegistryStacks } from './registry-app.js';

/**
 * `npm run synth` (cdk synth --quiet). Stage and optional account/region come from context:
 * `-c stage=prod -c account=123456789012`. No lookups: synth needs no credentials.
 */
const app = new App({ context: APP_CONTEXT });
const context = (key: string): string | undefined => app.node.tryGetContext(key) ?? undefined;

addRegistryStacks(
  app,
  stageConfig({ stage: context('stage'), account: context('account'), region: context('region') }),
);
addNagChecks(app);
app.synth();

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { deployedRoutes } from '../../shared/http/routes.js';
import type { StageConfig } from '../config.js';
import { type FunctionCapabilities, grantCapabilities } from '../constructs/capabilities.js';
import { ConsoleHosting } from '../constructs/console-hosting.js';
import { functionEnvironment, memoryFor } from '../constructs/function-environment.js';
import { HttpApi } from '../constructs/http-api.js';
import type { RegistryTables } from '../constructs/registry-tables.js';
import { RouteFunctions } from '../constructs/route-functions.js';
import type { UserDirectory } from '../constructs/user-directory.js';
import { WebAcl } from '../constructs/web-acl.js';
import type { Workflows } from '../constructs/workflows.js';
import { functionAccess } from '../function-access.js';

export interface ApiStackProps extends StackProps {
  config: StageConfig;
  tables: RegistryTables;
  directory: UserDirectory;
  workflows: Workflows;
  capabilities: FunctionCapabilities;
}

/** Stateless: the HTTP functions, the REST API generated from the route table, and its WAF. */
export class ApiStack extends Stack {
  readonly functions: RouteFunctions;
  readonly http: HttpApi;
  readonly webAcl: WebAcl;
  readonly console: ConsoleHosting;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, tables, directory, workflows, capabilities } = props;

    // The console first: its origin is the one the API's CORS admits.
    this.console = new ConsoleHosting(this, 'Console', {
      stage: config.stage,
      userPool: directory.userPool,
      hostedUiDomain: `${config.auth.domainPrefix}.auth.${this.region}.amazoncognito.com`,
      accessTokenValidity: config.auth.accessTokenValidity,
    });

    this.functions = new RouteFunctions(this, 'Functions', {
      routes: deployedRoutes,
      tables,
      environment: {
        ...functionEnvironment(config, tables),
        MACHINE_CLIENTS: directory.machineClientsJson(this),
        CORS_ALLOW_ORIGIN: this.console.origin,
      },
      memorySize: memoryFor(config),
      timeout: config.functions.apiTimeout,
      logRetention: config.logRetention,
    });
    for (const [name, fn] of this.functions.byName) {
      workflows.grantDriver(fn, name);
      grantCapabilities(capabilities, name, fn);
    }

    this.http = new HttpApi(this, 'Http', {
      stage: config.stage,
      routes: deployedRoutes,
      handlerFor: (route) => this.functions.forRoute(route).function,
      userPool: directory.userPool,
      throttlingRateLimit: config.api.throttlingRateLimit,
      throttlingBurstLimit: config.api.throttlingBurstLimit,
      logRetention: config.logRetention,
      corsOrigin: this.console.origin,
    });
    this.console.publish(this.http.api.url);
    // An attestation's `iss` is the base URL that serves its JWKS (`<iss>/.well-known/jwks.json`).
    for (const name of functionAccess.attestationSigners) {
      const fn = this.functions.byName.get(name);
      if (!fn) throw new Error(`${name} signs attestations but is not a function of the API`);
      fn.function.addEnvironment('ATTESTATION_ISSUER', this.http.baseUrl);
    }

    this.webAcl = new WebAcl(this, 'Waf', {
      resourceArn: this.http.api.deploymentStage.stageArn,
      requestsPer5MinutesPerIp: config.waf.requestsPer5MinutesPerIp,
      maxBodyBytes: config.waf.maxBodyBytes,
      logRetention: config.logRetention,
    });
  }
}

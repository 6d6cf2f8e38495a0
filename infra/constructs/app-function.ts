import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  ESM_REQUIRE_BANNER,
  LAMBDA_ESBUILD_ARGS,
  LAMBDA_MAIN_FIELDS,
  LAMBDA_TARGET,
} from '../bundling/options.js';

/** Repository root: entries, the lockfile and esbuild's working directory are resolved from it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface AppFunctionProps {
  /** Entry file relative to the repository root, e.g. `functions/get-health/handler.ts`. */
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  logRetention: logs.RetentionDays;
  environment?: Record<string, string>;
}

/**
 * Every Lambda of the app, with its defaults in one place: Node.js 24 on arm64
 * (cheaper per ms, and the bundle is pure JS), an ESM bundle built locally by esbuild (no Docker),
 * minified with source maps, AWS SDK v3 bundled and tree-shaken (the bar: bundles under
 * 350 KB, cold start close to an empty handler's), its own log group with a retention, and a role
 * that may write only to that log group (narrower than AWSLambdaBasicExecutionRole).
 */
export class AppFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The entry, relative to the repository root (`functions/<name>/handler.ts`). */
  readonly entry: string;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.logGroup.grantWrite(this.role);

    const entry = join(REPO_ROOT, props.entry);
    this.function = new NodejsFunction(this, 'Function', {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        // Stack traces point at the TypeScript sources (the bundle ships its source map).
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      projectRoot: REPO_ROOT,
      ...entryOrPlaceholder(this, entry),
      bundling: {
        format: OutputFormat.ESM,
        mainFields: LAMBDA_MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        target: LAMBDA_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundle the SDK too: pinned versions, and tree-shaking keeps cold starts small.
        externalModules: [],
        forceDockerBundling: false,
        esbuildArgs: LAMBDA_ESBUILD_ARGS,
      },
    });

    // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords, which have no resource-level
    // permissions in IAM: `*` is the only possible resource.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; only "*" works.',
    });
  }
}

/**
 * A missing handler file is fatal when this stack is bundled. When bundling is skipped (unit tests
 * with `aws:cdk:bundling-stacks: []`, or `cdk synth` of another stack) the template still builds,
 * with inline code that fails loudly if it were ever deployed, so infrastructure tests do not wait
 * for every handler to be written.
 */
function entryOrPlaceholder(
  scope: Construct,
  entry: string,
): { entry: string } | { code: lambda.Code; handler: string } {
  if (existsSync(entry)) return { entry };
  if (Stack.of(scope).bundlingRequired) {
    throw new Error(`handler file ${entry} does not exist (${scope.node.path})`);
  }
  return {
    code: lambda.Code.fromInline(`export const handler = () => { throw new Error('not built: ${entry}'); };`),
    handler: 'index.handler',
  };
}

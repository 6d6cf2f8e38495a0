import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { AppFunction, REPO_ROOT } from '../../infra/constructs/app-function.js';
import { deployedRoutes } from '../../shared/http/routes.js';
import { taskFunctions } from '../../shared/topology.js';

const props = (entry: string) => ({
  entry,
  description: 'test',
  memorySize: 512,
  timeout: Duration.seconds(5),
  logRetention: RetentionDays.ONE_DAY,
});

function stack(bundling: boolean): { app: App; stack: Stack } {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'app-function-')),
    context: bundling ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  return { app, stack: new Stack(app, 'S', { env: { region: 'ap-northeast-2' } }) };
}

describe('app functions', () => {
  it('has a handler file for every deployed route function and task function', () => {
    const names = new Set([
      ...deployedRoutes.map((r) => r.function),
      ...taskFunctions.map((t) => t.function),
    ]);
    for (const name of names)
      expect(existsSync(join(REPO_ROOT, 'functions', name, 'handler.ts')), name).toBe(true);
  });

  it('builds a template with placeholder code when the entry is missing and bundling is skipped', () => {
    const { stack: s } = stack(false);
    new AppFunction(s, 'Missing', props('functions/does-not-exist/handler.ts'));
    Template.fromStack(s).hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Code: {
        ZipFile: `export const handler = () => { throw new Error('not built: ${REPO_ROOT}functions/does-not-exist/handler.ts'); };`,
      },
    });
  });

  it('refuses a missing entry when the stack is bundled', () => {
    const { stack: s } = stack(true);
    expect(() => new AppFunction(s, 'Missing', props('functions/does-not-exist/handler.ts'))).toThrow(
      /does not exist/,
    );
  });

  it('bundles an ESM file with the require banner and the AWS SDK inside, plus its source map', () => {
    const { app, stack: s } = stack(true);
    new AppFunction(s, 'Health', props('functions/get-health/handler.ts'));
    const assembly = app.synth();
    const code = Template.fromStack(s).findResources('AWS::Lambda::Function');
    const key = (Object.values(code)[0]!.Properties.Code as { S3Key: string }).S3Key.replace('.zip', '');
    const dir = join(assembly.directory, `asset.${key}`);
    const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(
      bundle.startsWith(
        "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
      ),
    ).toBe(true);
    expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type StageConfig, stageConfig } from '../../infra/config.js';
import {
  APP_CONTEXT,
  addNagChecks,
  addRegistryStacks,
  type RegistryStacks,
} from '../../infra/registry-app.js';

/**
 * A fresh app with every stack of a stage, bundling skipped (`aws:cdk:bundling-stacks: []`): the
 * templates are what they would be, only the code assets are placeholders. Output goes to a temp dir.
 */
export function registryApp(options: { stage?: string; nag?: boolean } = {}): {
  app: App;
  config: StageConfig;
  stacks: RegistryStacks;
} {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'registry-cdk-')),
    context: { ...APP_CONTEXT, 'aws:cdk:bundling-stacks': [] },
  });
  const config = stageConfig({ stage: options.stage ?? 'dev' });
  const stacks = addRegistryStacks(app, config);
  if (options.nag) addNagChecks(app);
  return { app, config, stacks };
}

export const templateOf = (stack: Stack): Template => Template.fromStack(stack);

export type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown> } & Record<string, unknown>
>;

export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/**
 * A CloudFormation value with its intrinsics replaced by readable placeholders (`{ImportValue:x}`,
 * `{Ref:x}`, `{GetAtt:x}`), so string-building expressions such as MACHINE_CLIENTS can be parsed.
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(flatten).join(sep);
    }
    if ('Fn::ImportValue' in v) return `{ImportValue:${flatten(v['Fn::ImportValue'])}}`;
    if ('Ref' in v) return `{Ref:${v.Ref as string}}`;
    if ('Fn::GetAtt' in v) return `{GetAtt:${(v['Fn::GetAtt'] as string[]).join('.')}}`;
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

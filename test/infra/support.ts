import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type StageConfig, stageConfig, validateAttestationKeys } from '../../infra/config.js';
import { AppFunction } from '../../infra/constructs/app-function.js';
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
export function registryApp(
  options: {
    stage?: string;
    nag?: boolean;
    alarmEmails?: string[];
    /** Stage configuration changes for this app (validated as stageConfig validates). */
    configure?: (config: StageConfig) => StageConfig;
  } = {},
): {
  app: App;
  config: StageConfig;
  stacks: RegistryStacks;
} {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'registry-cdk-')),
    context: { ...APP_CONTEXT, 'aws:cdk:bundling-stacks': [] },
  });
  const base = stageConfig({ stage: options.stage ?? 'dev' });
  const withEmails: StageConfig = options.alarmEmails
    ? { ...base, alarms: { ...base.alarms, emails: options.alarmEmails } }
    : base;
  const config = options.configure ? options.configure(withEmails) : withEmails;
  if (options.configure) validateAttestationKeys(config.attestationKeys);
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

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export interface DeployedFunction {
  /** Folder under functions/. */
  name: string;
  stack: Stack;
  logicalId: string;
  properties: Record<string, unknown>;
  /** Environment variables (values may be intrinsics). */
  environment: Record<string, unknown>;
  /** Every statement of every policy attached to the function's role. */
  statements: Statement[];
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/**
 * Every AppFunction of the app built from functions/<name>/handler.ts, with its template resource
 * and its role's policy statements (found through the construct tree, whatever the stack).
 */
export function deployedFunctions(app: App): DeployedFunction[] {
  const templates = new Map<Stack, Template>();
  const templateFor = (stack: Stack) => {
    if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack));
    return templates.get(stack)!;
  };
  return app.node
    .findAll()
    .filter((c): c is AppFunction => c instanceof AppFunction && c.entry.startsWith('functions/'))
    .map((fn) => {
      const stack = Stack.of(fn);
      const template = templateFor(stack);
      const logicalId = stack.getLogicalId(fn.function.node.defaultChild as CfnElement);
      const roleId = stack.getLogicalId(fn.role.node.defaultChild as CfnElement);
      const properties = template.toJSON().Resources[logicalId].Properties as Record<string, unknown>;
      const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
        .filter((p) => (p.Properties!.Roles as { Ref?: string }[]).some((r) => r.Ref === roleId))
        .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
      return {
        name: fn.entry.split('/')[1]!,
        stack,
        logicalId,
        properties,
        environment: (properties.Environment as { Variables: Record<string, unknown> }).Variables,
        statements,
      };
    });
}

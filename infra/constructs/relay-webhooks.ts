import { ArnFormat, type Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { relaySecretName } from '../../shared/adapters/secrets/relay-secret-store.js';
import type { AppFunction } from './app-function.js';
import { iam5Finding } from './nag.js';

export interface RelayWebhooksProps {
  /** The STAGE of the functions: secrets are named `<stage>/relay-webhook/<relayId>`. */
  stage: string;
  webhookTimeout: Duration;
  /** Functions that sign and send notices (read the secrets; WEBHOOK_TIMEOUT_MS). */
  senders: readonly string[];
  /** Functions that store a relay's signing secret (create, put and read it back). */
  secretWriters: readonly string[];
}

/**
 * Webhooks to relay operators, signed per Standard Webhooks with a secret each relay provides.
 * The secrets live in Secrets Manager as `<stage>/relay-webhook/<relayId>`, created at run time
 * by the relay-settings route (shared/adapters/secrets/relay-secret-store.ts), so this construct
 * owns no secret resources, only the least-privilege access to that name prefix.
 */
export class RelayWebhooks extends Construct {
  private readonly props: RelayWebhooksProps;
  private readonly wired = new Set<string>();

  constructor(scope: Construct, id: string, props: RelayWebhooksProps) {
    super(scope, id);
    this.props = props;
    this.node.addValidation({
      validate: () =>
        [...props.senders, ...props.secretWriters]
          .filter((fn) => !this.wired.has(fn))
          .map((fn) => `relay webhook function ${fn} is not deployed`),
    });
  }

  /** `arn:…:secret:<stage>/relay-webhook/*` in the grantee's stack. */
  secretsArn(scope: Construct): string {
    return Stack.of(scope).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: relaySecretName(this.props.stage, '*'),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** What `fnName` does with relay webhooks, if anything: secret access, SECRETS_BACKEND, timeout. */
  grant(fn: AppFunction, fnName: string): void {
    const sends = this.props.senders.includes(fnName);
    const writes = this.props.secretWriters.includes(fnName);
    if (!sends && !writes) return;
    const actions = writes
      ? // The settings function never reads a secret back: it asks whether one exists (DescribeSecret).
        ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:DescribeSecret']
      : ['secretsmanager:GetSecretValue'];
    const secrets = this.secretsArn(fn);
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [secrets] }));
    fn.function.addEnvironment('SECRETS_BACKEND', 'aws');
    if (sends)
      fn.function.addEnvironment('WEBHOOK_TIMEOUT_MS', String(this.props.webhookTimeout.toMilliseconds()));
    Validations.of(fn.role).acknowledge({
      id: iam5Finding(Stack.of(fn), secrets),
      reason: `Relay signing secrets are named ${relaySecretName(this.props.stage, '<relayId>')}, one per relay, created at run time; Secrets Manager appends a random suffix to every secret ARN, so a name prefix with "*" is the narrowest resource possible.`,
    });
    this.wired.add(fnName);
  }
}

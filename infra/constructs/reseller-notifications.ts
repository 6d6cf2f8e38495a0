import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AppFunction } from './app-function.js';

export interface ResellerNotificationsProps {
  namePrefix: string;
  /** Functions that publish notifications (they get NOTIFY_TOPIC_ARN and sns:Publish). */
  publishers: readonly string[];
}

/**
 * The SNS topic reseller notifications (grace-period reminders, deadlines) are published to;
 * operators subscribe the e-mail/SMS endpoints. Messages name a reseller's business, so the topic
 * is encrypted with its own KMS key and accepts TLS publishers only.
 */
export class ResellerNotifications extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  private readonly publishers: ReadonlySet<string>;
  private readonly wired = new Set<string>();

  constructor(scope: Construct, id: string, props: ResellerNotificationsProps) {
    super(scope, id);
    this.publishers = new Set(props.publishers);
    this.key = new kms.Key(this, 'Key', {
      description: `${props.namePrefix} reseller notifications topic`,
      enableKeyRotation: true,
    });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Bulk-text registry notifications',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.node.addValidation({
      validate: () =>
        [...this.publishers]
          .filter((p) => !this.wired.has(p))
          .map((p) => `notification publisher ${p} is not deployed`),
    });
  }

  /**
   * NOTIFY_TOPIC_ARN, sns:Publish and the two key actions publishing to an encrypted topic takes
   * (GenerateDataKey, Decrypt; `topic.grantPublish` would grant `kms:GenerateDataKey*`), for the
   * publishers only.
   */
  grantPublisher(fn: AppFunction, fnName: string): void {
    if (!this.publishers.has(fnName)) return;
    fn.function.addEnvironment('NOTIFY_TOPIC_ARN', this.topic.topicArn);
    iam.Grant.addToPrincipal({
      grantee: fn.function,
      actions: ['sns:Publish'],
      resourceArns: [this.topic.topicArn],
    });
    this.key.grant(fn.function, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.wired.add(fnName);
  }
}

import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface OperationsProps {
  /** Physical-name prefix (`<app>-<stage>`): alarm names start with it. */
  namePrefix: string;
  /** E-mail subscribers of the alarm topic (each confirms by mail). */
  emails: readonly string[];
}

/** What every "something is wrong" alarm of the app shares; see `Operations.alarm`. */
export interface AlarmSpec {
  /** Short kebab-case name, unique in the app: the alarm is `<app>-<stage>-<name>`. */
  name: string;
  description: string;
  metric: cloudwatch.IMetric;
  /** The alarm fires when the metric is above this (default 0: any occurrence). */
  threshold?: number;
  evaluationPeriods?: number;
}

/**
 * Operations: one SNS topic every alarm of the app publishes to, encrypted with its own KMS key
 * (CloudWatch cannot publish to a topic under the AWS-managed `aws/sns` key, so the key policy
 * admits `cloudwatch.amazonaws.com`), publishing over TLS only, and only by this account's alarms.
 * Alarms are created next to the resource they watch (`alarm(scope, ...)`), all the same way:
 * above the threshold for the evaluation periods fires; no data is not a problem.
 */
export class Operations extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly key: kms.Key;
  private readonly namePrefix: string;
  private readonly action: cloudwatch.IAlarmAction;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    this.key = new kms.Key(this, 'AlarmTopicKey', {
      description: `${props.namePrefix} alarm topic`,
      enableKeyRotation: true,
    });
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    // The documented key policy for CloudWatch alarm actions on an encrypted topic.
    this.key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${props.namePrefix} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // A topic policy replaces SNS's default one, so CloudWatch is admitted explicitly, and only for
    // this account's alarms (confused-deputy guard).
    const stack = Stack.of(this);
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    for (const email of props.emails) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    this.action = new actions.SnsAction(this.alarmTopic);
  }

  /** An alarm on `spec.metric` in `scope` (the watched resource's stack), publishing to the topic. */
  alarm(scope: Construct, id: string, spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmName: `${this.namePrefix}-${spec.name}`,
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold ?? 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}

/** The period every alarm metric of the app is evaluated over unless it says otherwise. */
export const ALARM_PERIOD = Duration.minutes(1);

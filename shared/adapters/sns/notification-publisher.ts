import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { env } from '../../config/env.js';
import type { ResellerNotification } from '../../domain/ports.js';
import type { NotificationPublisher } from '../dynamodb/notifier.js';

let sns: SNSClient | undefined;

/** Publishes reseller notifications to the SNS topic operators subscribe e-mail/SMS to (AWS only). */
export function snsPublisher(): NotificationPublisher | undefined {
  const { NOTIFY_TOPIC_ARN, AWS_REGION } = env();
  if (!NOTIFY_TOPIC_ARN) return undefined; // locally: recorded only
  sns ??= new SNSClient({ region: AWS_REGION });
  return async (n: ResellerNotification) => {
    await sns!.send(
      new PublishCommand({
        TopicArn: NOTIFY_TOPIC_ARN,
        Subject: n.subject,
        Message: JSON.stringify({ brn: n.brn, kind: n.kind, at: n.at, ...n.detail }),
        MessageAttributes: { brn: { DataType: 'String', StringValue: n.brn } },
      }),
    );
  };
}

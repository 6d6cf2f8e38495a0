import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import type { Page, PageRequest, ResellerNotification, ResellerNotifier } from '../../domain/ports.js';
import { documentDb, queryPage } from './client.js';
import { keys } from './keys.js';

/** Delivers a recorded notification onward (SNS in AWS); absent, notifications are recorded only. */
export type NotificationPublisher = (n: ResellerNotification) => Promise<void>;

/**
 * Reseller notifications: recorded in the registry (what was sent, when; visible to the reseller
 * and staff), and in AWS published to an SNS topic whose e-mail/SMS subscriptions operators manage.
 * A marker item makes `send` idempotent: a retried workflow step records and publishes once.
 */
export class RecordingNotifier implements ResellerNotifier {
  constructor(private readonly publish?: NotificationPublisher) {}

  async send(n: ResellerNotification): Promise<void> {
    const { TABLE_NAME } = env();
    try {
      await documentDb().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: TABLE_NAME,
                Item: { ...keys.notificationMarker(n.notificationId), at: n.at },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: TABLE_NAME,
                Item: { ...keys.notification(n.brn, n.at, n.notificationId), ...n },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) return; // sent before
      throw error;
    }
    await this.publish?.(n);
  }

  async list(brn: string, page: PageRequest): Promise<Page<ResellerNotification>> {
    return queryPage<ResellerNotification>(
      {
        TableName: env().TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.notification(brn, '', '').PK },
        ScanIndexForward: false,
      },
      page,
    );
  }
}

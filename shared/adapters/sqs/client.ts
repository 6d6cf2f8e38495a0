import { SQSClient } from '@aws-sdk/client-sqs';
import { env } from '../../config/env.js';

let client: SQSClient | undefined;

/** One SQS client per execution environment; locally pointed at fauxqs through SQS_ENDPOINT. */
export function sqsClient(): SQSClient {
  if (!client) {
    const { AWS_REGION, SQS_ENDPOINT } = env();
    client = new SQSClient({
      region: AWS_REGION,
      ...(SQS_ENDPOINT ? { endpoint: SQS_ENDPOINT } : {}),
      maxAttempts: 3,
    });
  }
  return client;
}

/**
 * The environment variable carrying a queue's URL to its producers (shared/topology.ts `queues`):
 * `spam-reports` → `QUEUE_URL_SPAM_REPORTS`. CDK and the local runtime both name it with this.
 */
export function queueUrlEnvName(queueName: string): string {
  return `QUEUE_URL_${queueName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

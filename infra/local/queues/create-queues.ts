import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type QueueDef, queues } from '../../../shared/topology.js';

export interface CreatedQueue {
  def: QueueDef;
  name: string;
  url: string;
  arn: string;
  dlqName: string;
  dlqUrl: string;
  dlqArn: string;
}

/** Messages live 4 days in the queue (SQS default) and 14 days in the DLQ (the maximum), as in AWS. */
const RETENTION_SECONDS = 4 * 86_400;
const DLQ_RETENTION_SECONDS = 14 * 86_400;

async function arnOf(client: SQSClient, url: string): Promise<string> {
  const out = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = out.Attributes?.QueueArn;
  if (!arn) throw new Error(`no QueueArn for ${url}`);
  return arn;
}

/**
 * Creates the queues of shared/topology.ts (what CDK deploys) on any SQS endpoint: for each, its
 * DLQ first, then the queue with the visibility timeout and a RedrivePolicy to the DLQ after
 * `maxReceiveCount` receives. Idempotent (CreateQueue with the same attributes returns the URL).
 * `prefix` lets several runtimes share one endpoint.
 */
export async function createQueues(
  client: SQSClient,
  defs: readonly QueueDef[] = queues,
  opts: { prefix?: string } = {},
): Promise<Record<string, CreatedQueue>> {
  const created: Record<string, CreatedQueue> = {};
  for (const def of defs) {
    const name = `${opts.prefix ?? ''}${def.name}`;
    const dlqName = `${name}-dlq`;
    const dlq = await client.send(
      new CreateQueueCommand({
        QueueName: dlqName,
        Attributes: { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) },
      }),
    );
    const dlqArn = await arnOf(client, dlq.QueueUrl!);
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          VisibilityTimeout: String(def.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(RETENTION_SECONDS),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqArn,
            maxReceiveCount: def.maxReceiveCount,
          }),
        },
      }),
    );
    created[def.name] = {
      def,
      name,
      url: queue.QueueUrl!,
      arn: await arnOf(client, queue.QueueUrl!),
      dlqName,
      dlqUrl: dlq.QueueUrl!,
      dlqArn,
    };
  }
  return created;
}

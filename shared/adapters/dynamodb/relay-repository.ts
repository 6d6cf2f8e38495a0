import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import type { AuditEntry, RelayOperator, RelayOperatorRepository } from '../../domain/ports.js';
import { relaysChanged } from '../invalidation.js';
import { documentDb } from './client.js';
import { keys, stripKeys } from './keys.js';

const table = () => env().TABLE_NAME;

export class DynamoRelayOperatorRepository implements RelayOperatorRepository {
  async list(): Promise<RelayOperator[]> {
    const out = await documentDb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.relayIndex('').GSI1PK },
      }),
    );
    return (out.Items ?? []).map((i) => toRelay(stripKeys(i)));
  }

  async get(relayId: string): Promise<RelayOperator | undefined> {
    const out = await documentDb().send(new GetCommand({ TableName: table(), Key: keys.relay(relayId) }));
    return out.Item ? toRelay(stripKeys(out.Item)) : undefined;
  }

  async ensure(relay: RelayOperator): Promise<void> {
    try {
      await documentDb().send(
        new PutCommand({
          TableName: table(),
          Item: {
            ...keys.relay(relay.relayId),
            ...keys.relayIndex(relay.relayId),
            entity: 'relay',
            ...relay,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      relaysChanged();
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async update(relay: RelayOperator, audit: AuditEntry): Promise<void> {
    await documentDb().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: {
                ...keys.relay(relay.relayId),
                ...keys.relayIndex(relay.relayId),
                entity: 'relay',
                relayId: relay.relayId,
                name: relay.name,
                ...(relay.webhookUrl ? { webhookUrl: relay.webhookUrl } : {}),
              },
            },
          },
          {
            Put: {
              TableName: table(),
              // Append-only, like every audit entry.
              Item: { ...keys.audit(audit.entity, audit.at, randomBytes(8).toString('hex')), ...audit },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    relaysChanged();
  }
}

/** Only the public fields; signing secrets live elsewhere and never pass through here. */
function toRelay(item: Record<string, unknown>): RelayOperator {
  return {
    relayId: String(item.relayId),
    name: String(item.name),
    ...(typeof item.webhookUrl === 'string' ? { webhookUrl: item.webhookUrl } : {}),
  };
}

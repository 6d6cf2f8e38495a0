import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type AttributeDef,
  type TableDefinition,
  tableDefinitions,
} from '../../shared/adapters/dynamodb/table-definitions.js';

export interface LocalTableNames {
  registry: string;
  idempotency: string;
}

/** Physical names for a prefix: `${prefix}-registry`, `${prefix}-idempotency`. */
export function tableNames(prefix: string): LocalTableNames {
  return { registry: `${prefix}-registry`, idempotency: `${prefix}-idempotency` };
}

const keySchema = (pk: AttributeDef, sk?: AttributeDef): KeySchemaElement[] => [
  { AttributeName: pk.name, KeyType: 'HASH' },
  ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
];

/** The CreateTable input CDK's Table would produce for the same definition (on-demand, GSIs ALL). */
export function createTableInput(def: TableDefinition, tableName: string) {
  const attributes = new Map<string, AttributeDefinition>();
  const add = (a?: AttributeDef) => {
    if (a) attributes.set(a.name, { AttributeName: a.name, AttributeType: a.type });
  };
  add(def.partitionKey);
  add(def.sortKey);
  for (const gsi of def.globalSecondaryIndexes) {
    add(gsi.partitionKey);
    add(gsi.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(def.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((gsi) => ({
            IndexName: gsi.indexName,
            KeySchema: keySchema(gsi.partitionKey, gsi.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
    ...(def.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream } } : {}),
  };
}

async function waitActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

async function ensureTimeToLive(client: DynamoDBClient, tableName: string, attribute: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') {
    if (ttl.AttributeName === attribute) return;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attribute },
    }),
  );
}

/**
 * Creates the registry and idempotency tables from the shared definitions (the ones CDK deploys).
 * Idempotent: an existing table (persisted runs, a second runtime on the same prefix) is kept.
 */
export async function createTables(client: DynamoDBClient, prefix: string): Promise<LocalTableNames> {
  const names = tableNames(prefix);
  await Promise.all(
    tableDefinitions.map(async (def) => {
      const tableName = names[def.id];
      try {
        await client.send(new CreateTableCommand(createTableInput(def, tableName)));
      } catch (e) {
        if ((e as { name?: string }).name !== 'ResourceInUseException') throw e;
      }
      await waitActive(client, tableName);
      if (def.timeToLiveAttribute) await ensureTimeToLive(client, tableName, def.timeToLiveAttribute);
    }),
  );
  return names;
}

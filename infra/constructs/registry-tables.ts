import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  type AttributeDef,
  type TableDefinition,
  tableDefinitions,
} from '../../shared/adapters/dynamodb/table-definitions.js';
import type { TableAccess } from '../../shared/http/routes.js';

/**
 * The DynamoDB tables, built from the same plain-data definitions the local runtime hands to
 * DynamoDB Local, so keys, indexes, TTL and streams cannot drift between the two.
 *
 * Every table: on-demand (traffic is bursty: spam-report batches, registry syncs), point-in-time
 * recovery, deletion protection and RETAIN (the registry is a legal record; losing it is not an
 * option), encrypted with the AWS-managed key `aws/dynamodb` (KMS, logged in CloudTrail, and no key
 * policy to keep in step with grants in other stacks).
 */
export type TableId = TableDefinition['id'];

const READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
];
const WRITE_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

const attribute = (a: AttributeDef): dynamodb.Attribute => ({
  name: a.name,
  type: a.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

const STREAM_VIEW: Record<NonNullable<TableDefinition['stream']>, dynamodb.StreamViewType> = {
  NEW_IMAGE: dynamodb.StreamViewType.NEW_IMAGE,
  NEW_AND_OLD_IMAGES: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
};

export class RegistryTables extends Construct {
  /** Single-table design: resellers, applications, change feed, audit trail, outbox, relays, policy. */
  readonly registry: dynamodb.Table;
  /** Powertools idempotency records (Idempotency-Key on POSTs). */
  readonly idempotency: dynamodb.Table;
  private readonly byId: Record<TableId, { table: dynamodb.Table; def: TableDefinition }>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const build = (def: TableDefinition) => {
      const table = new dynamodb.Table(this, `${pascal(def.id)}Table`, {
        partitionKey: attribute(def.partitionKey),
        ...(def.sortKey ? { sortKey: attribute(def.sortKey) } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(def.timeToLiveAttribute ? { timeToLiveAttribute: def.timeToLiveAttribute } : {}),
        ...(def.stream ? { stream: STREAM_VIEW[def.stream] } : {}),
      });
      for (const gsi of def.globalSecondaryIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: gsi.indexName,
          partitionKey: attribute(gsi.partitionKey),
          ...(gsi.sortKey ? { sortKey: attribute(gsi.sortKey) } : {}),
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      return { table, def };
    };
    this.byId = Object.fromEntries(tableDefinitions.map((def) => [def.id, build(def)])) as typeof this.byId;
    this.registry = this.byId.registry.table;
    this.idempotency = this.byId.idempotency.table;
  }

  /**
   * Least-privilege item access for `grantee`: the table and exactly its named indexes (no
   * `index/*` wildcard, so no IAM5 finding to acknowledge). Transactions need no extra action:
   * TransactWriteItems is authorised by the Put/Update/Delete/ConditionCheck of each item.
   */
  grantAccess(grantee: iam.IGrantable, tableId: TableId, access: TableAccess): void {
    if (access === 'none') return;
    const { table, def } = this.byId[tableId];
    const resourceArns = [
      table.tableArn,
      ...def.globalSecondaryIndexes.map((gsi) => `${table.tableArn}/index/${gsi.indexName}`),
    ];
    const actions = access === 'readwrite' ? [...READ_ACTIONS, ...WRITE_ACTIONS] : READ_ACTIONS;
    iam.Grant.addToPrincipal({ grantee, actions, resourceArns });
  }
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

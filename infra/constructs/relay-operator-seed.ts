import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import type { RelayOperator } from '../../shared/domain/ports.js';

export interface RelayOperatorSeedProps {
  table: dynamodb.ITable;
  relays: readonly RelayOperator[];
  logRetention: logs.RetentionDays;
}

/**
 * The relay item exactly as DynamoRelayOperatorRepository.ensure writes it
 * (shared/adapters/dynamodb/relay-repository.ts), as plain strings.
 */
export function relaySeedItem(relay: RelayOperator): Record<string, string> {
  return {
    ...keys.relay(relay.relayId),
    ...keys.relayIndex(relay.relayId),
    entity: 'relay',
    relayId: relay.relayId,
    name: relay.name,
    ...(relay.webhookUrl ? { webhookUrl: relay.webhookUrl } : {}),
  };
}

/**
 * The relay operators of shared/domain/notices/relay-operators.ts exist after every deploy, as
 * `seedRegistry` ensures locally: one conditional PutItem per relay (`attribute_not_exists(PK)`,
 * ConditionalCheckFailed ignored), so a relay that already exists, with the webhook URL its
 * operator set, is never overwritten, and one missing relay is added even when the others exist
 * (one transaction would be cancelled as a whole). Nothing is deleted on stack removal: the relays
 * are registry data. AwsCustomResource rather than a seeding Lambda of our own: no handler code to
 * maintain, and its one function serves every relay.
 */
export class RelayOperatorSeed extends Construct {
  constructor(scope: Construct, id: string, props: RelayOperatorSeedProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    // Our own role: exactly PutItem on the table and its log group (no AWSLambdaBasicExecutionRole).
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Seeds the relay operators (conditional PutItem)',
    });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [props.table.tableArn] }),
    );

    for (const relay of props.relays) {
      const put: cr.AwsSdkCall = {
        service: 'DynamoDB',
        action: 'PutItem',
        parameters: {
          TableName: props.table.tableName,
          Item: Object.fromEntries(Object.entries(relaySeedItem(relay)).map(([k, v]) => [k, { S: v }])),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
        physicalResourceId: cr.PhysicalResourceId.of(`relay-seed-${relay.relayId}`),
        ignoreErrorCodesMatching: 'ConditionalCheckFailedException',
      };
      new cr.AwsCustomResource(this, relay.relayId, {
        onCreate: put,
        onUpdate: put,
        role,
        logGroup,
        installLatestAwsSdk: false,
        timeout: Duration.minutes(1),
        resourceType: 'Custom::RelayOperatorSeed',
      });
    }
  }
}

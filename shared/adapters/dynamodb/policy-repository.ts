import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import { ConcurrentUpdateError } from '../../domain/core/errors.js';
import { defaultPolicyVersions, type PolicyVersion } from '../../domain/policy/policy.js';
import type { AuditEntry, PolicyRepository } from '../../domain/ports.js';
import { documentDb } from './client.js';
import { keys } from './keys.js';

export class DynamoPolicyRepository implements PolicyRepository {
  async versions(): Promise<PolicyVersion[]> {
    const out = await documentDb().send(
      new QueryCommand({
        TableName: env().TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.policyPartition },
      }),
    );
    const stored = (out.Items ?? []).map((i) => ({
      version: i.version as number,
      effectiveFrom: i.effectiveFrom as string,
      changes: i.changes as PolicyVersion['changes'],
      source: i.source as string,
    }));
    return [...defaultPolicyVersions, ...stored];
  }

  async add(version: PolicyVersion, audit: AuditEntry): Promise<void> {
    const table = env().TABLE_NAME;
    try {
      await documentDb().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: { ...keys.policyVersion(version.version), entity: 'policy', ...version },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: table,
                Item: { ...keys.audit(audit.entity, audit.at, `policy-v${version.version}`), ...audit },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new ConcurrentUpdateError(`policy version ${version.version} was added meanwhile; retry`);
      }
      throw error;
    }
  }
}

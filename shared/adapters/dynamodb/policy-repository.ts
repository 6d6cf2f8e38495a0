import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import { defaultPolicyVersions, type PolicyVersion } from '../../domain/policy.js';
import type { PolicyRepository } from '../../domain/ports.js';
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
      parameters: i.parameters as PolicyVersion['parameters'],
      source: i.source as string,
    }));
    return [...defaultPolicyVersions, ...stored];
  }
}

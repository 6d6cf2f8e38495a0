import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegistryCommit, Sanction } from '../../../../shared/domain/ports.js';
import { bindLocalTables } from '../../../support/spam-dynamodb.js';

const tables = bindLocalTables('stats');
const { DynamoSpamStatisticsRepository, registryStatisticsIncrements } = await import(
  '../../../../shared/adapters/dynamodb/spam-statistics.js'
);
const { documentDb } = await import('../../../../shared/adapters/dynamodb/client.js');

beforeAll(() => tables.create());

const sanction = (imposedAt: string): Sanction => ({
  sanctionId: `s_${imposedAt}`,
  brn: '2208162517',
  type: 'WARNING',
  from: imposedAt,
  until: null,
  reason: 'confirmed spam',
  imposedAt,
  imposedBy: 'reviewer:x',
  revision: 1,
});

describe('monthly certification and sanction counters (the commit hook)', () => {
  it('counts issued certificates and imposed sanctions in their KST month, once per month per commit', () => {
    const unit: RegistryCommit = {
      sanction: { before: undefined, after: sanction('2026-01-31T15:30:00.000Z') },
      audit: [
        { entity: 'reseller#1', at: '2026-01-31T16:00:00.000Z', actor: 'x', action: 'CERTIFICATE_ISSUED' },
        { entity: 'reseller#1', at: '2026-01-31T16:00:00.000Z', actor: 'x', action: 'ELIGIBILITY_CHANGED' },
      ],
    };
    const items = registryStatisticsIncrements(unit, 'T');
    expect(items).toHaveLength(1);
    expect(items[0]!.Update).toMatchObject({
      Key: { PK: 'MONTHSTAT#2026-02', SK: 'REGISTRY' },
      ExpressionAttributeValues: { ':c': 1, ':s': 1 },
    });
  });

  it('adds nothing for a lifted sanction or a commit without certificates', () => {
    const s = sanction('2026-01-01T00:00:00.000Z');
    expect(
      registryStatisticsIncrements({
        sanction: { before: s, after: { ...s, liftedAt: 'x', revision: 2 } },
        audit: [],
      }),
    ).toEqual([]);
  });

  it('is read back by the statistics repository', async () => {
    for (const unit of [
      { audit: [{ entity: 'r', at: '2025-05-10T00:00:00.000Z', actor: 'x', action: 'CERTIFICATE_ISSUED' }] },
      { audit: [{ entity: 'r', at: '2025-05-11T00:00:00.000Z', actor: 'x', action: 'CERTIFICATE_ISSUED' }] },
      { sanction: { before: undefined, after: sanction('2025-05-12T00:00:00.000Z') }, audit: [] },
    ] satisfies RegistryCommit[]) {
      await documentDb().send(
        new TransactWriteCommand({ TransactItems: registryStatisticsIncrements(unit) }),
      );
    }
    const month = await new DynamoSpamStatisticsRepository().month('2025-05');
    expect(month).toMatchObject({ certifications: 2, sanctions: 1, unattributed: 0, byReseller: {} });
  });
});

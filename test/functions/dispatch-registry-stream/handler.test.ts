import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ProcessBatch } from '../../../shared/batch/batch-handler.js';
import type { ConsumerProgress, StreamProgress } from '../../../shared/batch/stream-dispatch.js';
import { registryStreamConsumers } from '../../../shared/topology.js';
import { lambdaContext, testEnv } from '../../support/events.js';

testEnv();
const { dispatchRegistryStream } = await import('../../../functions/dispatch-registry-stream/handler.js');

const record = (seq: number, entity: string, eventName: DynamoDBRecord['eventName'] = 'INSERT') => ({
  eventID: `ev-${seq}`,
  eventName,
  dynamodb: { SequenceNumber: String(seq), NewImage: { entity: { S: entity } } },
});

class MemoryProgress implements StreamProgress {
  readonly saved: ConsumerProgress[] = [];
  async read() {
    return new Map<string, string>();
  }
  async save(progress: readonly ConsumerProgress[]) {
    this.saved.push(...progress);
  }
}

/** Every in-process consumer of the topology as a recorder; `failing` fails at its first record. */
function recorders(failing?: string) {
  const seen: Record<string, string[]> = {};
  const run: Record<string, ProcessBatch<DynamoDBRecord>> = {};
  for (const def of registryStreamConsumers) {
    seen[def.name] = [];
    run[def.name] = async (records) => {
      if (def.name === failing && records[0]) return { failed: new Map([[records[0], new Error('down')]]) };
      seen[def.name]!.push(...records.map((r) => r.dynamodb!.NewImage!.entity!.S!));
      return {};
    };
  }
  return { seen, run };
}

describe('dispatch-registry-stream', () => {
  it("hands each of the registry stream's consumers the entities it names", async () => {
    const { seen, run } = recorders();
    const handler = dispatchRegistryStream(run, () => new MemoryProgress());
    const res = await handler(
      { Records: [record(1, 'notice'), record(2, 'change'), record(3, 'reseller'), record(4, 'sanction')] },
      lambdaContext,
    );
    expect(res).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual({
      'relay-outbox': ['notice'],
      'append-transparency-log': ['change', 'sanction'],
      'plan-instant-triggers': ['reseller'],
    });
  });

  it('resumes the stream at the failed consumer’s record and keeps the others’ progress', async () => {
    const { seen, run } = recorders('plan-instant-triggers');
    const progress = new MemoryProgress();
    const handler = dispatchRegistryStream(run, () => progress);
    const res = await handler(
      { Records: [record(1, 'notice'), record(2, 'reseller'), record(3, 'change')] },
      lambdaContext,
    );
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['2', '3']);
    expect(seen['relay-outbox']).toEqual(['notice']);
    expect(progress.saved).toEqual(
      expect.arrayContaining([
        { consumer: 'relay-outbox', resumeAt: 'ev-2', through: '3' },
        { consumer: 'append-transparency-log', resumeAt: 'ev-2', through: '3' },
      ]),
    );
  });

  it('refuses at cold start a topology consumer without an implementation', () => {
    const { run } = recorders();
    delete run['relay-outbox'];
    expect(() => dispatchRegistryStream(run, () => new MemoryProgress())).toThrow(/relay-outbox/);
  });
});

import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ProcessBatch } from '../../../shared/batch/batch-handler.js';
import {
  type ConsumerProgress,
  dispatchStream,
  type InProcessConsumer,
  type StreamProgress,
  sequenceAtOrBefore,
} from '../../../shared/batch/stream-dispatch.js';
import { lambdaContext } from '../../support/events.js';

const record = (seq: number, entity: string): DynamoDBRecord => ({
  eventID: `ev-${seq}`,
  eventName: 'INSERT',
  dynamodb: { SequenceNumber: String(seq), NewImage: { entity: { S: entity } } },
});
const seqOf = (r: DynamoDBRecord) => Number(r.dynamodb!.SequenceNumber);

/** Progress kept in memory, as the table keeps it. */
class MemoryProgress implements StreamProgress {
  readonly saved = new Map<string, string>();
  failReads = false;
  async read(consumers: readonly string[], resumeAt: string) {
    if (this.failReads) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    const out = new Map<string, string>();
    for (const c of consumers) {
      const through = this.saved.get(`${c}|${resumeAt}`);
      if (through) out.set(c, through);
    }
    return out;
  }
  async save(progress: readonly ConsumerProgress[]) {
    for (const p of progress) this.saved.set(`${p.consumer}|${p.resumeAt}`, p.through);
  }
}

/** A consumer of `entity` records that records what it ran and fails at the sequences in `failAt`. */
function consumer(name: string, entity: string, failAt: Set<number> = new Set()) {
  const ran: number[] = [];
  const run: ProcessBatch<DynamoDBRecord> = async (records) => {
    for (const r of records) {
      if (failAt.has(seqOf(r))) return { failed: new Map([[r, new Error(`${name} failed`)]]) };
      ran.push(seqOf(r));
    }
    return {};
  };
  const c: InProcessConsumer = { name, wants: (r) => r.dynamodb?.NewImage?.entity?.S === entity, run };
  return { c, ran, failAt };
}

describe('dispatchStream', () => {
  it('hands each consumer only its own records, in stream order', async () => {
    const notices = consumer('relay', 'notice');
    const changes = consumer('log', 'change');
    const dispatch = dispatchStream([notices.c, changes.c], () => new MemoryProgress());
    const batch = [record(1, 'notice'), record(2, 'change'), record(3, 'notice'), record(4, 'other')];
    await expect(dispatch(batch, lambdaContext)).resolves.toEqual({});
    expect(notices.ran).toEqual([1, 3]);
    expect(changes.ran).toEqual([2]);
  });

  it("resumes at one consumer's first failure without running the other's done records again", async () => {
    const progress = new MemoryProgress();
    const relay = consumer('relay', 'notice', new Set([3]));
    const log = consumer('log', 'change');
    const dispatch = dispatchStream([relay.c, log.c], () => progress);
    const batch = [1, 2, 3, 4, 5, 6].map((s) => record(s, s % 2 ? 'notice' : 'change'));

    const first = await dispatch(batch, lambdaContext);
    expect([...(first.failed?.keys() ?? [])].map(seqOf)).toEqual([3]);
    expect(relay.ran).toEqual([1]);
    expect(log.ran).toEqual([2, 4, 6]);

    // The stream retries from record 3, with a new record appended; the relay has recovered.
    relay.failAt.clear();
    const retry = [...batch.slice(2), record(7, 'change'), record(8, 'notice')];
    await expect(dispatch(retry, lambdaContext)).resolves.toEqual({});
    expect(relay.ran).toEqual([1, 3, 5, 8]);
    expect(log.ran).toEqual([2, 4, 6, 7]);
  });

  it('resumes at the earliest failure of several, and saves the progress of the one that got further', async () => {
    const progress = new MemoryProgress();
    const relay = consumer('relay', 'notice', new Set([5]));
    const log = consumer('log', 'change', new Set([2]));
    const dispatch = dispatchStream([relay.c, log.c], () => progress);
    const batch = [1, 2, 3, 4, 5, 6].map((s) => record(s, s % 2 ? 'notice' : 'change'));
    const out = await dispatch(batch, lambdaContext);
    expect([...(out.failed?.keys() ?? [])].map(seqOf)).toEqual([2]);
    expect([...progress.saved]).toEqual([['relay|ev-2', '4']]);
  });

  it('saves nothing when every consumer is done', async () => {
    const progress = new MemoryProgress();
    const dispatch = dispatchStream([consumer('relay', 'notice').c], () => progress);
    await dispatch([record(1, 'notice')], lambdaContext);
    expect(progress.saved.size).toBe(0);
  });

  it('runs every consumer on the whole batch when its progress cannot be read', async () => {
    const progress = new MemoryProgress();
    progress.failReads = true;
    const log = consumer('log', 'change');
    const dispatch = dispatchStream([log.c], () => progress);
    await expect(dispatch([record(1, 'change'), record(2, 'change')], lambdaContext)).resolves.toEqual({});
    expect(log.ran).toEqual([1, 2]);
  });

  it('treats a consumer that throws as failed at its first record', async () => {
    const throwing: InProcessConsumer = {
      name: 'planner',
      wants: (r) => r.dynamodb?.NewImage?.entity?.S === 'reseller',
      run: async () => {
        throw new Error('scheduler down');
      },
    };
    const dispatch = dispatchStream([throwing], () => new MemoryProgress());
    const out = await dispatch([record(1, 'notice'), record(2, 'reseller')], lambdaContext);
    expect([...(out.failed?.keys() ?? [])].map(seqOf)).toEqual([2]);
  });
});

describe('sequenceAtOrBefore', () => {
  it('compares sequence numbers of different lengths as numbers', () => {
    expect(sequenceAtOrBefore('900', '1000')).toBe(true);
    expect(sequenceAtOrBefore('1000', '900')).toBe(false);
    expect(sequenceAtOrBefore('1000', '1000')).toBe(true);
    expect(sequenceAtOrBefore(undefined, '1000')).toBe(false);
  });
});

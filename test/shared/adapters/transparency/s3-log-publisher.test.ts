import {
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryTransparencyLogStore } from '../../../../shared/adapters/transparency/memory-log-store.js';
import {
  IMMUTABLE_CACHE,
  MUTABLE_CACHE,
  S3LogPublisher,
} from '../../../../shared/adapters/transparency/s3-log-publisher.js';
import type { ChangeEntry } from '../../../../shared/domain/ports.js';
import { changeEvent } from '../../../../shared/domain/transparency/leaves.js';
import { appendToLog, type LogWriterDeps } from '../../../../shared/domain/transparency/log-writer.js';
import { fakeNoteSigner } from '../../../support/fakes-verifiable.js';

/**
 * The AWS publishing path end to end in memory: the log writer appends and publishes through the
 * S3 publisher to a mocked S3 that behaves like a bucket (objects with ETags, conditional writes).
 */
const s3 = mockClient(S3Client);

interface Stored {
  body: Buffer;
  etag: string;
  input: PutObjectCommandInput;
}

let bucket: Map<string, Stored>;
/** Every PutObject in the order it completed. */
let completed: string[];
let etags = 0;
/** Faults to inject: the first PutObject a fault matches fails with its error, once. */
let faults: { matches: (input: PutObjectCommandInput) => boolean; error: Error }[];

const failWith = (status: number, name: string) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status } });

beforeEach(() => {
  bucket = new Map();
  completed = [];
  faults = [];
  s3.reset();
  s3.on(HeadObjectCommand).callsFake(({ Key }) => {
    const o = bucket.get(Key);
    if (!o) throw new NotFound({ message: 'not found', $metadata: { httpStatusCode: 404 } });
    return { ETag: o.etag, Metadata: o.input.Metadata };
  });
  s3.on(PutObjectCommand).callsFake(async (input: PutObjectCommandInput) => {
    const key = input.Key!;
    const fault = faults.findIndex((f) => f.matches(input));
    if (fault >= 0) throw faults.splice(fault, 1)[0]!.error;
    // Tiles take a little longer than the checkpoint: an eager checkpoint would complete first.
    if (key !== 'log/checkpoint') await new Promise((r) => setTimeout(r, 5));
    const current = bucket.get(key);
    if (input.IfNoneMatch === '*' && current) throw failWith(412, 'PreconditionFailed');
    if (input.IfMatch !== undefined && current?.etag !== input.IfMatch)
      throw failWith(412, 'PreconditionFailed');
    const etag = `"${++etags}"`;
    bucket.set(key, { body: Buffer.from(input.Body as Uint8Array), etag, input });
    completed.push(key);
    return { ETag: etag };
  });
});
afterEach(() => s3.reset());

function change(seq: number): ChangeEntry {
  return {
    seq,
    brn: '2208162517',
    status: 'CERTIFIED',
    throttle: null,
    reason: 'certificate active',
    effectiveAt: '2026-01-01T00:00:00.000Z',
    version: seq,
    noticeType: 'reseller.certified',
  };
}

const feed = Array.from({ length: 300 }, (_, i) => change(i + 1));

const signer = fakeNoteSigner();

/** A log writer publishing to the mocked bucket; two writers given one store are two concurrent writers of one log. */
function writer(store = new MemoryTransparencyLogStore()): LogWriterDeps {
  return {
    transparencyLog: store,
    logSigner: signer,
    logPublisher: new S3LogPublisher('log-bucket', new S3Client({})),
    logOrigin: 'registry.test/log',
    registry: { changes: async (after, limit) => feed.filter((c) => c.seq > after).slice(0, limit) },
  };
}

const upTo = (n: number) => feed.slice(0, n).map(changeEvent);
const checkpointText = () => bucket.get('log/checkpoint')!.body.toString('utf8');
const checkpointSize = () => Number(checkpointText().split('\n')[1]);
const puts = () => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);

describe('the S3 log publisher', () => {
  it('writes tiles and bundles at their C2SP paths under log/, immutable, then a short-lived checkpoint', async () => {
    await appendToLog(writer(), upTo(3));
    expect([...bucket.keys()].sort()).toEqual([
      'log/checkpoint',
      'log/tile/0/000.p/3',
      'log/tile/entries/000.p/3',
      'log/vkey',
    ]);
    for (const tile of ['log/tile/0/000.p/3', 'log/tile/entries/000.p/3']) {
      expect(bucket.get(tile)!.input).toMatchObject({
        Bucket: 'log-bucket',
        ContentType: 'application/octet-stream',
        CacheControl: IMMUTABLE_CACHE,
      });
    }
    expect(bucket.get('log/tile/0/000.p/3')!.body).toHaveLength(3 * 32);
    expect(bucket.get('log/checkpoint')!.input).toMatchObject({
      ContentType: 'text/plain; charset=utf-8',
      CacheControl: MUTABLE_CACHE,
    });
    expect(MUTABLE_CACHE).toMatch(/max-age=[1-9]\b/);
    expect(checkpointText()).toMatch(/^registry\.test\/log\n3\n[A-Za-z0-9+/]{43}=\n\n— /);
    expect(completed.at(-1)).toBe('log/checkpoint');
  });

  it('writes only the tiles that are new or wider, full tiles at their plain paths, the checkpoint last', async () => {
    const deps = writer();
    await appendToLog(deps, upTo(3));
    s3.resetHistory();
    completed = [];
    await appendToLog(deps, upTo(260));
    expect(puts().sort()).toEqual([
      'log/checkpoint',
      'log/tile/0/000',
      'log/tile/0/001.p/4',
      'log/tile/1/000.p/1',
      'log/tile/entries/000',
      'log/tile/entries/001.p/4',
      'log/vkey',
    ]);
    expect(bucket.get('log/tile/0/000')!.body).toHaveLength(256 * 32);
    expect(bucket.get('log/tile/0/000')!.input.CacheControl).toBe(IMMUTABLE_CACHE);
    // The old partial tile stays: a client holding the size-3 checkpoint may still fetch it.
    expect(bucket.has('log/tile/0/000.p/3')).toBe(true);
    expect(completed.at(-1)).toBe('log/checkpoint');
    expect(checkpointSize()).toBe(260);
  });

  it('writes nothing again when the same batch is redelivered', async () => {
    const deps = writer();
    await appendToLog(deps, upTo(5));
    s3.resetHistory();
    await appendToLog(deps, upTo(5));
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('writes no checkpoint when a tile fails, so the stream retries and the retry completes it', async () => {
    const deps = writer();
    faults.push({ matches: (i) => i.Key === 'log/tile/entries/000.p/4', error: failWith(503, 'SlowDown') });
    await expect(appendToLog(deps, upTo(4))).rejects.toThrow();
    expect(bucket.has('log/checkpoint')).toBe(false);
    await appendToLog(deps, upTo(4));
    expect(bucket.has('log/tile/entries/000.p/4')).toBe(true);
    expect(checkpointSize()).toBe(4);
  });

  it('never replaces a checkpoint with a smaller tree (a slower concurrent writer)', async () => {
    // Two writers of one log: the faster publishes size 6 while the slower still holds size 4.
    const store = new MemoryTransparencyLogStore();
    const slow = writer(store);
    await appendToLog(slow, upTo(4));
    const published = bucket.get('log/checkpoint')!.body;
    await appendToLog(writer(store), upTo(6));
    expect(checkpointSize()).toBe(6);
    await slow.logPublisher.publish([
      {
        path: 'checkpoint',
        body: published,
        contentType: 'text/plain; charset=utf-8',
        immutable: false,
      },
    ]);
    expect(checkpointSize()).toBe(6);
  });

  it('re-reads and retries when another writer replaced the checkpoint between its read and write', async () => {
    const store = new MemoryTransparencyLogStore();
    await appendToLog(writer(store), upTo(2));
    const etag = bucket.get('log/checkpoint')!.etag;
    // The first conditional write loses the race: the object changed after the HEAD.
    faults.push({
      matches: (i) => i.Key === 'log/checkpoint' && i.IfMatch === etag,
      error: failWith(412, 'PreconditionFailed'),
    });
    await appendToLog(writer(store), upTo(3));
    const attempts = s3
      .commandCalls(PutObjectCommand)
      .filter((c) => c.args[0].input.Key === 'log/checkpoint' && c.args[0].input.IfMatch === etag);
    expect(attempts).toHaveLength(2);
    expect(checkpointSize()).toBe(3);
    expect(bucket.get('log/checkpoint')!.input.Metadata).toEqual({ 'tree-size': '3' });
  });
});

import { describe, expect, it } from 'vitest';
import { MemoryTransparencyLogStore } from '../../../shared/adapters/transparency/memory-log-store.js';
import type { LogEvent } from '../../../shared/domain/transparency/leaves.js';
import { appendToLog, type LogWriterDeps } from '../../../shared/domain/transparency/log-writer.js';
import { encodeVerifierKey } from '../../../shared/domain/transparency/note.js';
import { formatReport } from '../../../shared/verifier/cli.js';
import { type SeenCheckpoint, verifyLog } from '../../../shared/verifier/verify-log.js';
import { fakeNoteSigner, RecordingPublisher } from '../../support/fakes-verifiable.js';

const ORIGIN = 'registry.test/log';

function decision(i: number): LogEvent {
  return {
    sourceId: `case:c${i}:2`,
    leaf: { kind: 'case.decided', brn: '2208162517', caseId: `c${i}`, decision: 'DISMISS' },
  };
}

/** A log of `n` leaves, published as static objects (what S3 and CloudFront would serve). */
async function publishedLog(n: number, signer = fakeNoteSigner(ORIGIN)) {
  const publisher = new RecordingPublisher();
  const deps: LogWriterDeps = {
    transparencyLog: new MemoryTransparencyLogStore(),
    logSigner: signer,
    logPublisher: publisher,
    logOrigin: ORIGIN,
    registry: { changes: async () => [] },
  };
  const grow = async (to: number) => {
    const size = (await deps.transparencyLog.state()).size;
    await appendToLog(
      deps,
      Array.from({ length: to - size }, (_, i) => decision(size + i)),
    );
  };
  await grow(n);
  const objects = new Map([...publisher.objects].map(([p, o]) => [p, Buffer.from(o.body)]));
  objects.set('vkey', Buffer.from(`${encodeVerifierKey(ORIGIN, signer.raw)}\n`));
  const get = async (path: string) => {
    const fresh = publisher.objects.get(path);
    return objects.get(path) ?? (fresh ? Buffer.from(fresh.body) : undefined);
  };
  return { objects, get, signer, grow, publisher };
}

const failed = (r: Awaited<ReturnType<typeof verifyLog>>) => r.checks.filter((c) => !c.ok);

describe('verify-log', () => {
  it('passes an honest log and remembers its checkpoint', async () => {
    const log = await publishedLog(600);
    const report = await verifyLog({ get: log.get });
    expect(failed(report)).toEqual([]);
    expect(report.checks.map((c) => c.name)).toEqual([
      'log key',
      'checkpoint signature',
      'tiles',
      'entries',
      'consistency with the last checkpoint seen',
      'inclusion of the latest entries',
    ]);
    expect(report.seen?.size).toBe(600);
    expect(formatReport(report)).toMatch(/^verified: 6 checks passed; tree size 600/m);
  });

  it('accepts a grown log consistent with the checkpoint seen last time', async () => {
    const log = await publishedLog(10);
    const first = await verifyLog({ get: log.get });
    await log.grow(300);
    log.objects.delete('checkpoint');
    const second = await verifyLog({ get: log.get, seen: first.seen! });
    expect(failed(second)).toEqual([]);
    expect(second.checks[4]!.detail).toMatch(/size 10 → 300: consistent/);
  });

  it('catches a changed entry and names it', async () => {
    const log = await publishedLog(20);
    const bundle = log.objects.get('tile/entries/000.p/20')!;
    bundle[bundle.indexOf('DISMISS')] = 'X'.charCodeAt(0);
    const report = await verifyLog({ get: log.get });
    expect(failed(report).map((c) => c.detail)).toEqual([
      'entry 0 (tile/entries/000.p/20) does not hash to its leaf in tile level 0',
    ]);
  });

  it('catches a changed tile and names it', async () => {
    const log = await publishedLog(600);
    const tile = log.objects.get('tile/0/001')!;
    tile[5] = tile[5]! ^ 1;
    const report = await verifyLog({ get: log.get });
    expect(failed(report)[0]).toMatchObject({
      name: 'tiles',
      detail: expect.stringContaining('tile/0/001 does not hash to entry 1 of tile/1/000.p/2'),
    });
    expect(formatReport(report)).toMatch(/^NOT VERIFIED: .*tiles/m);
  });

  it('catches a checkpoint signed by another key, even one published as the log key', async () => {
    const log = await publishedLog(5);
    const seen = (await verifyLog({ get: log.get })).seen!;
    const impostor = await publishedLog(5, fakeNoteSigner(ORIGIN));
    const withPinnedKey = await verifyLog({
      get: async (p) => (p === 'vkey' ? log.get(p) : impostor.get(p)),
      seen,
    });
    expect(failed(withPinnedKey)[0]).toMatchObject({
      name: 'checkpoint signature',
      detail: `no signature by the log key ${ORIGIN}`,
    });
    const swappedKey = await verifyLog({ get: impostor.get, seen });
    expect(failed(swappedKey)[0]).toMatchObject({
      name: 'log key',
      detail: expect.stringContaining('is not the pinned at the last run key'),
    });
  });

  it('catches a forked history: two checkpoints of one size with different roots', async () => {
    const signer = fakeNoteSigner(ORIGIN);
    const honest = await publishedLog(8, signer);
    const seen: SeenCheckpoint = (await verifyLog({ get: honest.get })).seen!;
    // The same key signs a different tree of the same size (one leaf rewritten).
    const forked = await publishedLog(0, signer);
    await appendToLog(
      {
        transparencyLog: new MemoryTransparencyLogStore(),
        logSigner: signer,
        logPublisher: forked.publisher,
        logOrigin: ORIGIN,
        registry: { changes: async () => [] },
      },
      [
        ...Array.from({ length: 7 }, (_, i) => decision(i)),
        { ...decision(7), leaf: { ...decision(7).leaf, decision: 'CONFIRM' } },
      ],
    );
    const report = await verifyLog({ get: forked.get, seen });
    expect(failed(report)).toEqual([
      expect.objectContaining({
        name: 'consistency with the last checkpoint seen',
        detail: expect.stringMatching(/^forked history: two checkpoints of size 8/),
      }),
    ]);
  });

  it('catches a grown log that rewrote the past', async () => {
    const signer = fakeNoteSigner(ORIGIN);
    const honest = await publishedLog(8, signer);
    const seen = (await verifyLog({ get: honest.get })).seen!;
    const rewritten = await publishedLog(0, signer);
    await appendToLog(
      {
        transparencyLog: new MemoryTransparencyLogStore(),
        logSigner: signer,
        logPublisher: rewritten.publisher,
        logOrigin: ORIGIN,
        registry: { changes: async () => [] },
      },
      Array.from({ length: 12 }, (_, i) =>
        i === 3 ? { ...decision(i), leaf: { ...decision(i).leaf, brn: '1' } } : decision(i),
      ),
    );
    const report = await verifyLog({ get: rewritten.get, seen });
    expect(failed(report)[0]?.detail).toMatch(/not a prefix of size 12/);
  });
});

import { canonicalJson } from '../domain/transparency/leaves.js';
import {
  consistencyProof,
  equalHashes,
  type Hash,
  inclusionProof,
  leafHash,
  memoryHasher,
  rangeHash,
  verifyConsistency,
  verifyInclusion,
} from '../domain/transparency/merkle.js';
import {
  type Checkpoint,
  NoteVerificationError,
  type NoteVerifierKey,
  openNote,
  parseCheckpointText,
  parseVerifierKey,
} from '../domain/transparency/note.js';
import {
  decodeBundle,
  splitHashes,
  TILE_WIDTH,
  type TileRef,
  tilePath,
  tileRoot,
  tilesFor,
} from '../domain/transparency/tiles.js';

/**
 * Checks a tiled transparency log from its public objects alone: the checkpoint's signature by
 * the log key, every tile against the level below and the root, every entry against its leaf
 * hash, consistency with the checkpoint seen last time, and inclusion of the latest entries.
 * Each check reports one line; the first failure of a check names the object that broke.
 */
export interface SeenCheckpoint {
  origin: string;
  vkey: string;
  size: number;
  root: string;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerifyOptions {
  /** GET `<log prefix>/<path>`; undefined for 404. */
  get(path: string): Promise<Uint8Array | undefined>;
  /** The trusted verifier key; otherwise the pinned one from `seen`, otherwise the published one. */
  vkey?: string;
  seen?: SeenCheckpoint;
  /** How many of the newest entries get an inclusion proof checked (default 5). */
  latest?: number;
}

export interface VerifyReport {
  checks: CheckResult[];
  ok: boolean;
  /** What to remember for next time (only when every check passed). */
  seen?: SeenCheckpoint;
}

class CheckFailed extends Error {}

const b64 = (h: Hash) => Buffer.from(h).toString('base64');

async function must(get: VerifyOptions['get'], path: string): Promise<Uint8Array> {
  const body = await get(path);
  if (!body) throw new CheckFailed(`${path} is missing`);
  return body;
}

export async function verifyLog(opts: VerifyOptions): Promise<VerifyReport> {
  const checks: CheckResult[] = [];
  const run = async <T>(name: string, fn: () => Promise<[T, string]>): Promise<T | undefined> => {
    try {
      const [value, detail] = await fn();
      checks.push({ name, ok: true, detail });
      return value;
    } catch (e) {
      const known = e instanceof CheckFailed || e instanceof NoteVerificationError;
      checks.push({
        name,
        ok: false,
        detail: known ? (e as Error).message : `error: ${(e as Error).message}`,
      });
      return undefined;
    }
  };
  const done = () => ({ checks, ok: checks.every((c) => c.ok) });

  const key = await run<{ key: NoteVerifierKey; vkey: string }>('log key', async () => {
    const body = await opts.get('vkey');
    const published = body ? Buffer.from(body).toString('utf8').trim() : undefined;
    const vkey = opts.vkey ?? opts.seen?.vkey ?? published;
    if (!vkey) throw new CheckFailed('no verifier key given, pinned or published at vkey');
    const parsed = parseVerifierKey(vkey);
    const source = opts.vkey
      ? 'given'
      : opts.seen
        ? 'pinned at the last run'
        : 'published (trusted on first use)';
    if (published && published !== vkey) {
      throw new CheckFailed(`the published key ${published} is not the ${source} key ${vkey}`);
    }
    return [{ key: parsed, vkey }, `${vkey} (${source})`];
  });
  if (!key) return done();

  const checkpoint = await run<Checkpoint>('checkpoint signature', async () => {
    const note = Buffer.from(await must(opts.get, 'checkpoint')).toString('utf8');
    const c = parseCheckpointText(openNote(note, key.key));
    if (c.origin !== key.key.name)
      throw new CheckFailed(`checkpoint origin ${c.origin} is not the key name ${key.key.name}`);
    return [c, `checkpoint of ${c.origin}, size ${c.size}, root ${c.root}, signed by ${key.key.name}`];
  });
  if (!checkpoint) return done();
  const root = Buffer.from(checkpoint.root, 'base64');

  const leaves = await run<Hash[]>('tiles', async () => {
    const tiles = tilesFor(checkpoint.size).filter(
      (t): t is TileRef & { level: number } => t.level !== 'entries',
    );
    const byLevel = new Map<number, Hash[]>();
    for (const t of tiles) {
      const hashes = splitHashes(await must(opts.get, tilePath(t)));
      if (hashes.length !== t.width)
        throw new CheckFailed(`${tilePath(t)} has ${hashes.length} hashes, not ${t.width}`);
      byLevel.set(t.level, [...(byLevel.get(t.level) ?? []), ...hashes]);
    }
    // A hash at level L+1 is the root of a full tile at level L.
    for (const [level, hashes] of byLevel) {
      const above = byLevel.get(level + 1) ?? [];
      above.forEach((h, i) => {
        const below = hashes.slice(i * TILE_WIDTH, (i + 1) * TILE_WIDTH);
        if (!equalHashes(tileRoot(below), h)) {
          throw new CheckFailed(
            `${tilePath({ level, index: i, width: TILE_WIDTH })} does not hash to entry ${i % TILE_WIDTH} of ${tilePath({ level: level + 1, index: Math.floor(i / TILE_WIDTH), width: Math.min(TILE_WIDTH, above.length - Math.floor(i / TILE_WIDTH) * TILE_WIDTH) })}`,
          );
        }
      });
    }
    const leafHashes = byLevel.get(0) ?? [];
    const computed = await rangeHash(memoryHasher(leafHashes), 0, checkpoint.size);
    if (!equalHashes(computed, root)) {
      throw new CheckFailed(
        `the tiles hash to root ${b64(computed)}, not the checkpoint's ${checkpoint.root}`,
      );
    }
    return [leafHashes, `${tiles.length} tiles rebuild the checkpoint root`];
  });

  let entries: Uint8Array[] | undefined;
  if (leaves) {
    entries = await run<Uint8Array[]>('entries', async () => {
      const out: Uint8Array[] = [];
      for (const t of tilesFor(checkpoint.size).filter((x) => x.level === 'entries')) {
        const bundle = decodeBundle(await must(opts.get, tilePath(t)));
        if (bundle.length !== t.width)
          throw new CheckFailed(`${tilePath(t)} has ${bundle.length} entries, not ${t.width}`);
        bundle.forEach((entry, i) => {
          const index = t.index * TILE_WIDTH + i;
          if (!equalHashes(leafHash(entry), leaves[index]!)) {
            throw new CheckFailed(
              `entry ${index} (${tilePath(t)}) does not hash to its leaf in tile level 0`,
            );
          }
          const text = Buffer.from(entry).toString('utf8');
          let canonical = false;
          try {
            canonical = canonicalJson(JSON.parse(text)) === text;
          } catch {}
          if (!canonical) throw new CheckFailed(`entry ${index} (${tilePath(t)}) is not canonical JSON`);
        });
        out.push(...bundle);
      }
      return [out, `${out.length} entries match their leaf hashes and are canonical JSON`];
    });
  }

  await run('consistency with the last checkpoint seen', async () => {
    const seen = opts.seen;
    if (!seen) return [undefined, 'first run: nothing seen before (this checkpoint is remembered)'];
    if (seen.origin !== checkpoint.origin)
      throw new CheckFailed(`origin changed from ${seen.origin} to ${checkpoint.origin}`);
    if (checkpoint.size < seen.size) {
      throw new CheckFailed(`the log shrank: checkpoint size ${checkpoint.size} after ${seen.size} was seen`);
    }
    if (checkpoint.size === seen.size && checkpoint.root !== seen.root) {
      throw new CheckFailed(
        `forked history: two checkpoints of size ${seen.size}, root ${seen.root} seen before and ${checkpoint.root} now`,
      );
    }
    if (!leaves) throw new CheckFailed('cannot prove consistency without valid tiles');
    const proof = await consistencyProof(memoryHasher(leaves), seen.size, checkpoint.size);
    if (
      seen.size > 0 &&
      !verifyConsistency(seen.size, checkpoint.size, Buffer.from(seen.root, 'base64'), root, proof)
    ) {
      throw new CheckFailed(
        `forked history: the checkpoint of size ${seen.size} (root ${seen.root}) seen before is not a prefix of size ${checkpoint.size}`,
      );
    }
    return [undefined, `size ${seen.size} → ${checkpoint.size}: consistent (${proof.length} hashes)`];
  });

  if (leaves && entries) {
    await run('inclusion of the latest entries', async () => {
      const n = Math.min(opts.latest ?? 5, checkpoint.size);
      const hasher = memoryHasher(leaves);
      for (let index = checkpoint.size - n; index < checkpoint.size; index++) {
        const proof = await inclusionProof(hasher, index, checkpoint.size);
        if (!verifyInclusion(index, checkpoint.size, leafHash(entries![index]!), proof, root)) {
          throw new CheckFailed(`entry ${index} is not included under the checkpoint root`);
        }
      }
      return [
        undefined,
        `the last ${n} entries are included (audit paths of up to ${Math.ceil(Math.log2(Math.max(2, checkpoint.size)))} hashes)`,
      ];
    });
  }

  const ok = checks.every((c) => c.ok);
  return {
    checks,
    ok,
    ...(ok
      ? { seen: { origin: checkpoint.origin, vkey: key.vkey, size: checkpoint.size, root: checkpoint.root } }
      : {}),
  };
}

import { NotFoundError, ValidationError } from '../core/errors.js';
import { feedSourceId } from './leaves.js';
import type { TransparencyLogStore } from './log-ports.js';
import { consistencyProof, type Hash, inclusionProof, nodeHash, type SubtreeHasher } from './merkle.js';
import { concatHashes, encodeBundle, levelWidth, TILE_HEIGHT, TILE_WIDTH, type TileRef } from './tiles.js';

type Store = Pick<TransparencyLogStore, 'tileHashes' | 'entries' | 'latestCheckpoint' | 'leafIndexOf'>;

/** Subtree hashes folded from stored tile hashes; each tile is read at most once per hasher. */
export function storeHasher(store: Pick<TransparencyLogStore, 'tileHashes'>): SubtreeHasher {
  const tiles = new Map<string, Promise<Hash[]>>();
  const tile = (level: number, index: number) => {
    const key = `${level}/${index}`;
    let t = tiles.get(key);
    if (!t) {
      t = store.tileHashes(level, index);
      tiles.set(key, t);
    }
    return t;
  };
  return async (level, index) => {
    const tileLevel = Math.floor(level / TILE_HEIGHT);
    const span = 2 ** (level - tileLevel * TILE_HEIGHT);
    const first = index * span;
    const hashes = (await tile(tileLevel, Math.floor(first / TILE_WIDTH))).slice(
      first % TILE_WIDTH,
      (first % TILE_WIDTH) + span,
    );
    if (hashes.length !== span) throw new Error(`subtree ${level}/${index} is not stored yet`);
    let row = hashes;
    while (row.length > 1) {
      const next: Hash[] = [];
      for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i]!, row[i + 1]!));
      row = next;
    }
    return row[0]!;
  };
}

const b64 = (hashes: Hash[]) => hashes.map((h) => Buffer.from(h).toString('base64'));

async function publishedSize(store: Store): Promise<number> {
  return (await store.latestCheckpoint())?.size ?? 0;
}

export async function latestCheckpoint(store: Store): Promise<string> {
  const c = await store.latestCheckpoint();
  if (!c) throw new NotFoundError('the log has no checkpoint yet');
  return c.note;
}

function checkSize(name: string, value: number, max: number) {
  if (value > max) {
    throw new ValidationError(`${name} is beyond the latest checkpoint (${max})`, [
      { path: `query.${name}`, message: `at most ${max}` },
    ]);
  }
}

/** An RFC 6962 audit path for a feed entry (by seq) or a leaf index, in a checkpointed tree size. */
export async function inclusion(store: Store, q: { seq?: number; leafIndex?: number; treeSize?: number }) {
  const size = await publishedSize(store);
  const treeSize = q.treeSize ?? size;
  checkSize('treeSize', treeSize, size);
  let leafIndex = q.leafIndex;
  if (q.seq !== undefined) {
    leafIndex = await store.leafIndexOf(feedSourceId(q.seq));
    if (leafIndex === undefined) throw new NotFoundError(`change ${q.seq} is not in the log yet`);
  }
  if (leafIndex === undefined) {
    throw new ValidationError('give seq or leafIndex', [
      { path: 'query.seq', message: 'seq or leafIndex is required' },
    ]);
  }
  if (leafIndex >= treeSize)
    throw new NotFoundError(`leaf ${leafIndex} is not in a tree of size ${treeSize}`);
  const hashes = await inclusionProof(storeHasher(store), leafIndex, treeSize);
  return { leafIndex, treeSize, hashes: b64(hashes) };
}

export async function consistency(store: Store, q: { from: number; to?: number }) {
  const size = await publishedSize(store);
  const to = q.to ?? size;
  checkSize('to', to, size);
  if (q.from > to) {
    throw new ValidationError('from is after to', [{ path: 'query.from', message: `at most ${to}` }]);
  }
  const hashes = await consistencyProof(storeHasher(store), q.from, to);
  return { from: q.from, to, hashes: b64(hashes) };
}

/** A tile or entry bundle of the latest checkpoint's tree (any width it had); NotFound otherwise. */
export async function tileBytes(store: Store, t: TileRef): Promise<Uint8Array> {
  const size = await publishedSize(store);
  const level = t.level === 'entries' ? 0 : t.level;
  const available = levelWidth(size, level) - t.index * TILE_WIDTH;
  if (available < t.width) throw new NotFoundError('no such tile in the published tree');
  if (t.level === 'entries') return encodeBundle((await store.entries(t.index)).slice(0, t.width));
  return concatHashes((await store.tileHashes(t.level, t.index)).slice(0, t.width));
}

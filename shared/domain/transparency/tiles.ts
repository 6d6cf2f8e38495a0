import { HASH_SIZE, type Hash, nodeHash } from './merkle.js';

/**
 * C2SP tlog-tiles: tiles of height 8 (256 hashes). Level-L tile N holds the hashes of the
 * subtrees of 256^L leaves numbered N*256 … N*256+255; level 0 holds leaf hashes. The rightmost
 * tile of each level is partial (1-255 wide) until it fills. Entry bundles mirror level 0.
 */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

export interface TileRef {
  /** Hash tile level, or 'entries' for an entry bundle. */
  level: number | 'entries';
  index: number;
  /** 256 for a full tile, 1-255 for a partial one. */
  width: number;
}

/** `x001/x234/067` for 1234067: 3-digit groups, all but the last prefixed with x. */
export function encodeTileIndex(n: number): string {
  const s = String(n);
  const padded = s.padStart(Math.ceil(s.length / 3) * 3, '0');
  const groups = padded.match(/.{3}/g)!;
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** The path of a tile under the log prefix: `tile/0/x001/234.p/7`, `tile/entries/000`. */
export function tilePath(t: TileRef): string {
  const partial = t.width < TILE_WIDTH ? `.p/${t.width}` : '';
  return `tile/${t.level}/${encodeTileIndex(t.index)}${partial}`;
}

/** Parses what follows `tile/`; undefined when it is not a valid tile path. */
export function parseTilePath(path: string): TileRef | undefined {
  const m = /^(entries|0|[1-9]\d?)\/((?:x\d{3}\/)*)(\d{3})(?:\.p\/([1-9]\d{0,2}))?$/.exec(path);
  if (!m) return undefined;
  const level = m[1] === 'entries' ? 'entries' : Number(m[1]);
  if (typeof level === 'number' && level > 63) return undefined;
  const digits = `${m[2]!.replaceAll('x', '').replaceAll('/', '')}${m[3]}`;
  // No redundant leading groups: index 5 is `005`, never `x000/005`.
  if (m[2] && digits.startsWith('000')) return undefined;
  const width = m[4] ? Number(m[4]) : TILE_WIDTH;
  if (width > 255 && m[4]) return undefined;
  return { level, index: Number(digits), width };
}

/** How many hashes level `level` has in a tree of `size` leaves (complete subtrees of 256^level). */
export function levelWidth(size: number, level: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** The tiles (and entry bundles) a tree of `size` leaves has; the last of each level may be partial. */
export function tilesFor(size: number): TileRef[] {
  const tiles: TileRef[] = [];
  for (let level = 0; levelWidth(size, level) > 0; level++) {
    const hashes = levelWidth(size, level);
    for (let index = 0; index * TILE_WIDTH < hashes; index++) {
      const width = Math.min(TILE_WIDTH, hashes - index * TILE_WIDTH);
      tiles.push({ level, index, width });
      if (level === 0) tiles.push({ level: 'entries', index, width });
    }
  }
  return tiles;
}

/** Tiles that change when a tree grows from `from` to `to` leaves (new or wider). */
export function tilesChanged(from: number, to: number): TileRef[] {
  const before = new Set(tilesFor(from).map(tilePath));
  return tilesFor(to).filter((t) => !before.has(tilePath(t)));
}

export function concatHashes(hashes: readonly Hash[]): Uint8Array {
  const out = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => {
    out.set(h, i * HASH_SIZE);
  });
  return out;
}

export function splitHashes(tile: Uint8Array): Hash[] {
  if (tile.length % HASH_SIZE !== 0) throw new Error(`a tile of ${tile.length} bytes is not whole hashes`);
  const out: Hash[] = [];
  for (let i = 0; i < tile.length; i += HASH_SIZE) out.push(tile.subarray(i, i + HASH_SIZE));
  return out;
}

/** The hash of a full tile's subtree: what the tile one level up holds for it. */
export function tileRoot(hashes: readonly Hash[]): Hash {
  if (hashes.length !== TILE_WIDTH) throw new Error('only a full tile has a root in the level above');
  let level = [...hashes];
  while (level.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

/** An entry bundle: each entry as a big-endian uint16 length and its bytes. */
export function encodeBundle(entries: readonly Uint8Array[]): Uint8Array {
  const size = entries.reduce((n, e) => n + 2 + e.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const e of entries) {
    if (e.length > 0xffff) throw new Error('a log entry is limited to 65535 bytes');
    out[at] = e.length >> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

export function decodeBundle(bundle: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (at + 2 > bundle.length) throw new Error('entry bundle truncated in a length prefix');
    const len = (bundle[at]! << 8) | bundle[at + 1]!;
    if (at + 2 + len > bundle.length) throw new Error('entry bundle truncated in an entry');
    out.push(bundle.subarray(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return out;
}

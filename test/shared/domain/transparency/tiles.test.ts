import { describe, expect, it } from 'vitest';
import {
  appendLeaf,
  emptyFrontier,
  frontierRoot,
  leafHash,
} from '../../../../shared/domain/transparency/merkle.js';
import {
  decodeBundle,
  encodeBundle,
  encodeTileIndex,
  parseTilePath,
  tilePath,
  tileRoot,
  tilesFor,
} from '../../../../shared/domain/transparency/tiles.js';

describe('C2SP tlog-tiles paths and shapes', () => {
  it('encodes indexes in 3-digit groups with x prefixes', () => {
    expect(encodeTileIndex(1234067)).toBe('x001/x234/067');
    expect(encodeTileIndex(5)).toBe('005');
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 'entries', index: 2, width: 17 })).toBe('tile/entries/002.p/17');
  });

  it('parses tile paths and refuses non-canonical ones', () => {
    expect(parseTilePath('1/x001/x234/067.p/7')).toEqual({ level: 1, index: 1234067, width: 7 });
    expect(parseTilePath('entries/000')).toEqual({ level: 'entries', index: 0, width: 256 });
    expect(parseTilePath('0/x000/005')).toBeUndefined();
    expect(parseTilePath('0/5')).toBeUndefined();
    expect(parseTilePath('0/005.p/256')).toBeUndefined();
    expect(parseTilePath('64/000')).toBeUndefined();
  });

  it('describes a tree of 70,000 leaves as the specification does', () => {
    const tiles = tilesFor(70_000).filter((t) => t.level !== 'entries');
    const byLevel = (l: number) => tiles.filter((t) => t.level === l);
    expect(byLevel(0)).toHaveLength(274);
    expect(byLevel(0).at(-1)).toEqual({ level: 0, index: 273, width: 112 });
    expect(byLevel(1)).toEqual([
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 1, width: 17 },
    ]);
    expect(byLevel(2)).toEqual([{ level: 2, index: 0, width: 1 }]);
    expect(tilesFor(256).map(tilePath)).toEqual(['tile/0/000', 'tile/entries/000', 'tile/1/000.p/1']);
  });

  it('a full tile’s root is the root of its 256 leaves', () => {
    const hashes = Array.from({ length: 256 }, (_, i) => leafHash(Buffer.from(String(i))));
    const f = hashes.reduce((acc, h) => appendLeaf(acc, h), emptyFrontier());
    expect(Buffer.from(tileRoot(hashes))).toEqual(Buffer.from(frontierRoot(f)));
  });

  it('round-trips entry bundles with uint16 length prefixes', () => {
    const entries = [Buffer.from('{}'), Buffer.alloc(0), Buffer.alloc(300, 1)];
    const bundle = encodeBundle(entries);
    expect(bundle.subarray(0, 2)).toEqual(Uint8Array.of(0, 2));
    expect(decodeBundle(bundle).map((e) => Buffer.from(e))).toEqual(entries);
    expect(() => decodeBundle(bundle.subarray(0, 5))).toThrow(/truncated/);
  });
});

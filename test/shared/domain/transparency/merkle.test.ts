import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendLeaf,
  consistencyProof,
  emptyFrontier,
  emptyRoot,
  type Frontier,
  frontierRoot,
  inclusionProof,
  leafHash,
  memoryHasher,
  nodeHash,
  rangeHash,
  verifyConsistency,
  verifyInclusion,
} from '../../../../shared/domain/transparency/merkle.js';

const dir = join(import.meta.dirname, '../../../fixtures/vectors/transparency');
const reference = JSON.parse(readFileSync(join(dir, 'rfc6962-reference-tree.json'), 'utf8')) as {
  emptyRoot: string;
  hasher: { emptyLeaf: string; leafL123456: string; nodeN123N456: string };
  leaves: string[];
  roots: string[];
  paths: { leafIndex: number; treeSize: number; path: string[] }[];
  consistency: { from: number; to: number; proof: string[] }[];
};
const proofs = JSON.parse(readFileSync(join(dir, 'merkle-proofs.json'), 'utf8')) as {
  inclusion: {
    file: string;
    leafIdx: number;
    treeSize: number;
    root: string;
    leafHash: string;
    proof: string[] | null;
    wantErr: boolean;
  }[];
  consistency: {
    file: string;
    size1: number;
    size2: number;
    root1: string;
    root2: string;
    proof: string[] | null;
    wantErr: boolean;
  }[];
};

const hex = (h: Uint8Array) => Buffer.from(h).toString('hex');
const fromHex = (s: string) => Buffer.from(s, 'hex');
const fromB64 = (s: string) => Buffer.from(s, 'base64');
const leafHashes = reference.leaves.map((l) => leafHash(fromHex(l)));

describe('RFC 6962 hashing (Certificate Transparency vectors)', () => {
  it('hashes the empty tree, leaves and nodes with the 0x00 / 0x01 prefixes', () => {
    expect(hex(emptyRoot())).toBe(reference.emptyRoot);
    expect(hex(leafHash(new Uint8Array()))).toBe(reference.hasher.emptyLeaf);
    expect(hex(leafHash(Buffer.from('L123456')))).toBe(reference.hasher.leafL123456);
    expect(hex(nodeHash(Buffer.from('N123'), Buffer.from('N456')))).toBe(reference.hasher.nodeN123N456);
  });

  it('computes the root of every prefix of the reference tree, by range and by appending', async () => {
    let f: Frontier = emptyFrontier();
    for (const [i, root] of reference.roots.entries()) {
      expect(hex(await rangeHash(memoryHasher(leafHashes), 0, i + 1))).toBe(root);
      f = appendLeaf(f, leafHashes[i]!);
      expect(hex(frontierRoot(f))).toBe(root);
    }
  });

  it('builds the published audit paths and consistency proofs', async () => {
    const hasher = memoryHasher(leafHashes);
    for (const p of reference.paths) {
      expect((await inclusionProof(hasher, p.leafIndex, p.treeSize)).map(hex)).toEqual(p.path);
    }
    for (const c of reference.consistency) {
      expect((await consistencyProof(hasher, c.from, c.to)).map(hex)).toEqual(c.proof);
    }
  });
});

describe('proof verification (transparency-dev/merkle vectors)', () => {
  it.each(proofs.inclusion.map((v) => [v.file, v] as const))('inclusion %s', (_file, v) => {
    const ok = verifyInclusion(
      v.leafIdx,
      v.treeSize,
      fromB64(v.leafHash),
      (v.proof ?? []).map(fromB64),
      fromB64(v.root),
    );
    expect(ok).toBe(!v.wantErr);
  });

  it.each(proofs.consistency.map((v) => [v.file, v] as const))('consistency %s', (_file, v) => {
    const ok = verifyConsistency(
      v.size1,
      v.size2,
      fromB64(v.root1),
      fromB64(v.root2),
      (v.proof ?? []).map(fromB64),
    );
    expect(ok).toBe(!v.wantErr);
  });
});

describe('proofs over larger trees', () => {
  it('every proof it builds verifies, for all pairs up to 70 leaves', async () => {
    const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from([i])));
    const hasher = memoryHasher(leaves);
    let f = emptyFrontier();
    const roots: Uint8Array[] = [emptyRoot()];
    for (const l of leaves) {
      f = appendLeaf(f, l);
      roots.push(frontierRoot(f));
    }
    for (let size = 1; size <= 70; size++) {
      for (let i = 0; i < size; i += 7) {
        const proof = await inclusionProof(hasher, i, size);
        expect(verifyInclusion(i, size, leaves[i]!, proof, roots[size]!)).toBe(true);
        expect(verifyInclusion(i, size, leaves[(i + 1) % 70]!, proof, roots[size]!)).toBe(false);
      }
      for (let from = 1; from <= size; from += 5) {
        const proof = await consistencyProof(hasher, from, size);
        expect(verifyConsistency(from, size, roots[from]!, roots[size]!, proof)).toBe(true);
      }
    }
  });

  it('reports every completed subtree while appending', () => {
    const done: string[] = [];
    let f = emptyFrontier();
    for (let i = 0; i < 4; i++)
      f = appendLeaf(f, leafHash(Buffer.from([i])), (l, n) => done.push(`${l}/${n}`));
    expect(done).toEqual(['0/0', '0/1', '1/0', '0/2', '0/3', '1/1', '2/0']);
  });
});

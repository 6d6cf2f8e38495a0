import { createHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing: leaves `SHA-256(0x00 || leaf)`, nodes
 * `SHA-256(0x01 || left || right)`, the empty tree `SHA-256("")`. Proofs are built from a
 * `SubtreeHasher` (the hash of any aligned perfect subtree), so they can come from memory or from
 * stored tile hashes alike.
 */
export type Hash = Uint8Array;

export const HASH_SIZE = 32;

export function leafHash(leaf: Uint8Array): Hash {
  return createHash('sha256').update(Uint8Array.of(0)).update(leaf).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest();
}

export const emptyRoot = (): Hash => createHash('sha256').digest();

export function equalHashes(a: Hash, b: Hash): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The largest power of two strictly below n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The hash of the perfect subtree of 2^level leaves starting at leaf `index * 2^level`. */
export type SubtreeHasher = (level: number, index: number) => Promise<Hash>;

/** MTH(D[start:end]) for a range RFC 6962's recursion produces (start aligned to the split). */
export async function rangeHash(hasher: SubtreeHasher, start: number, end: number): Promise<Hash> {
  const n = end - start;
  if (n === 0) return emptyRoot();
  if ((n & (n - 1)) === 0 && start % n === 0) return hasher(Math.log2(n), start / n);
  const k = splitPoint(n);
  return nodeHash(await rangeHash(hasher, start, start + k), await rangeHash(hasher, start + k, end));
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf `index` in the tree of `size` leaves. */
export async function inclusionProof(hasher: SubtreeHasher, index: number, size: number): Promise<Hash[]> {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const path: Hash[] = [];
  const walk = async (m: number, start: number, end: number): Promise<void> => {
    const n = end - start;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      await walk(m, start, start + k);
      path.push(await rangeHash(hasher, start + k, end));
    } else {
      await walk(m - k, start + k, end);
      path.push(await rangeHash(hasher, start, start + k));
    }
  };
  await walk(index, 0, size);
  return path;
}

/** PROOF(m, D[n]) of RFC 6962 §2.1.2: consistency of the first `from` leaves with `to` leaves. */
export async function consistencyProof(hasher: SubtreeHasher, from: number, to: number): Promise<Hash[]> {
  if (!(from >= 0 && from <= to)) throw new RangeError(`no consistency proof from ${from} to ${to}`);
  if (from === 0 || from === to) return [];
  const proof: Hash[] = [];
  const sub = async (m: number, start: number, end: number, complete: boolean): Promise<void> => {
    const n = end - start;
    if (m === n) {
      if (!complete) proof.push(await rangeHash(hasher, start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      await sub(m, start, start + k, complete);
      proof.push(await rangeHash(hasher, start + k, end));
    } else {
      await sub(m - k, start + k, end, false);
      proof.push(await rangeHash(hasher, start, start + k));
    }
  };
  await sub(from, 0, to, true);
  return proof;
}

/** RFC 9162 §2.1.3.2: does `proof` place `leaf` at `index` under `root` of a tree of `size`? */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash) {
  if (!(index >= 0 && index < size) || leaf.length !== HASH_SIZE) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== HASH_SIZE || sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && equalHashes(r, root);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree of `from` leaves is a prefix of the one of `to`? */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Hash,
  toRoot: Hash,
  proof: readonly Hash[],
): boolean {
  // Nothing is proven about an empty tree: a verifier starts from its first non-empty checkpoint.
  if (from <= 0 || from > to) return false;
  if (from === to) return proof.length === 0 && equalHashes(fromRoot, toRoot);
  if (proof.length === 0 || proof.some((p) => p.length !== HASH_SIZE)) return false;
  const path = (from & (from - 1)) === 0 ? [fromRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && equalHashes(fr, fromRoot) && equalHashes(sr, toRoot);
}

/**
 * The right edge of a tree (its "compact range"): the roots of its perfect subtrees, largest
 * first. Appending a leaf merges equal-sized neighbours; each merge is a completed subtree.
 */
export interface Frontier {
  size: number;
  /** [level, hash] of each perfect subtree, levels strictly decreasing. */
  nodes: [number, Hash][];
}

export const emptyFrontier = (): Frontier => ({ size: 0, nodes: [] });

/** Appends a leaf hash; calls `completed` for every perfect subtree the append completes. */
export function appendLeaf(
  f: Frontier,
  hash: Hash,
  completed?: (level: number, index: number, hash: Hash) => void,
): Frontier {
  const nodes = [...f.nodes, [0, hash] as [number, Hash]];
  const size = f.size + 1;
  completed?.(0, f.size, hash);
  while (nodes.length >= 2 && nodes.at(-1)![0] === nodes.at(-2)![0]) {
    const [level, right] = nodes.pop()!;
    const [, left] = nodes.pop()!;
    const merged = nodeHash(left, right);
    nodes.push([level + 1, merged]);
    completed?.(level + 1, size / 2 ** (level + 1) - 1, merged);
  }
  return { size, nodes };
}

/** The root hash of the tree a frontier describes. */
export function frontierRoot(f: Frontier): Hash {
  if (f.nodes.length === 0) return emptyRoot();
  let root = f.nodes.at(-1)![1];
  for (let i = f.nodes.length - 2; i >= 0; i--) root = nodeHash(f.nodes[i]![1], root);
  return root;
}

/** Subtree hashes over leaf hashes held in memory (tests, the verifier, the benchmark). */
export function memoryHasher(leaves: readonly Hash[]): SubtreeHasher {
  const memo = new Map<string, Hash>();
  const get = async (level: number, index: number): Promise<Hash> => {
    if (level === 0) {
      const h = leaves[index];
      if (!h) throw new RangeError(`no leaf ${index}`);
      return h;
    }
    const key = `${level}/${index}`;
    let h = memo.get(key);
    if (!h) {
      h = nodeHash(await get(level - 1, 2 * index), await get(level - 1, 2 * index + 1));
      memo.set(key, h);
    }
    return h;
  };
  return get;
}

import {
  LogContentionError,
  type LogState,
  type NewLeaf,
  type TileNode,
  type TransparencyLogStore,
} from '../../domain/transparency/log-ports.js';
import type { Hash } from '../../domain/transparency/merkle.js';

/** The log held in memory: unit tests, the benchmark's baseline and in-process checks. */
export class MemoryTransparencyLogStore implements TransparencyLogStore {
  private current: LogState = { size: 0, feedSeq: 0, frontier: { size: 0, nodes: [] } };
  readonly leaves: { hash: Hash; entry: Uint8Array }[] = [];
  readonly nodes = new Map<string, Hash>();
  readonly sources = new Map<string, number>();
  checkpoint: { note: string; size: number } | undefined;

  async state() {
    return this.current;
  }

  async appended(ids: readonly string[]) {
    return new Set(ids.filter((id) => this.sources.has(id)));
  }

  async append(before: LogState, after: LogState, leaves: readonly NewLeaf[], nodes: readonly TileNode[]) {
    if (before.size !== this.current.size || leaves.some((l) => this.sources.has(l.sourceId))) {
      throw new LogContentionError('moved');
    }
    for (const l of leaves) {
      this.leaves[l.index] = { hash: l.hash, entry: l.entry };
      this.sources.set(l.sourceId, l.index);
    }
    for (const n of nodes) this.nodes.set(`${n.level}/${n.index}`, n.hash);
    this.current = after;
  }

  async tileHashes(level: number, tile: number) {
    const out: Hash[] = [];
    for (let i = tile * 256; i < (tile + 1) * 256; i++) {
      const h = level === 0 ? this.leaves[i]?.hash : this.nodes.get(`${level}/${i}`);
      if (!h) break;
      out.push(h);
    }
    return out;
  }

  async entries(tile: number) {
    return this.leaves.slice(tile * 256, (tile + 1) * 256).map((l) => l.entry);
  }

  async leafIndexOf(sourceId: string) {
    return this.sources.get(sourceId);
  }

  async latestCheckpoint() {
    return this.checkpoint;
  }

  async putCheckpoint(note: string, size: number) {
    if (!this.checkpoint || this.checkpoint.size < size) this.checkpoint = { note, size };
  }
}

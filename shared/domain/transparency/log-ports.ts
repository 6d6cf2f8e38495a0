import type { Frontier, Hash } from './merkle.js';
import type { NoteSigner } from './note.js';

/** The log's tree state: its size, right edge and the last change-feed sequence appended. */
export interface LogState {
  size: number;
  frontier: Frontier;
  /** Feed entries are appended in order: every seq up to this one is in the log. */
  feedSeq: number;
}

export interface NewLeaf {
  index: number;
  sourceId: string;
  entry: Uint8Array;
  hash: Hash;
  seq?: number;
}

/** A hash a tile of level >= 1 holds: the root of a complete subtree of 256^level leaves. */
export interface TileNode {
  level: number;
  index: number;
  hash: Hash;
}

export class LogContentionError extends Error {}

/** Where leaves, tile hashes, the tree state and the latest checkpoint are kept (DynamoDB in AWS and locally). */
export interface TransparencyLogStore {
  state(): Promise<LogState>;
  /** Which of these source ids are already in the log. */
  appended(sourceIds: readonly string[]): Promise<Set<string>>;
  /**
   * Writes leaves at `before.size`… together with their source markers, tile nodes and the new
   * state, atomically, only if the state is still `before`; otherwise LogContentionError.
   */
  append(
    before: LogState,
    after: LogState,
    leaves: readonly NewLeaf[],
    nodes: readonly TileNode[],
  ): Promise<void>;
  /** Hashes of tile (level, index) stored so far, in order (level 0: leaf hashes). */
  tileHashes(level: number, index: number): Promise<Hash[]>;
  /** Entries of bundle `index` stored so far, in order. */
  entries(index: number): Promise<Uint8Array[]>;
  /** The leaf index of an appended source event (a feed entry: `feed:<seq>`). */
  leafIndexOf(sourceId: string): Promise<number | undefined>;
  latestCheckpoint(): Promise<{ note: string; size: number } | undefined>;
  /** Keeps the checkpoint only if it is larger than the one stored. */
  putCheckpoint(note: string, size: number): Promise<void>;
}

export interface PublishedObject {
  path: string;
  body: Uint8Array;
  contentType: string;
  /**
   * Tiles and bundles never change: a partial one's path names its width (C2SP tlog-tiles: long
   * caching). The checkpoint does (seconds of caching at most).
   */
  immutable: boolean;
}

/**
 * Static copies of the checkpoint and tiles (S3 behind CloudFront in AWS; nothing locally). A
 * `checkpoint` object is stored after the other objects of its call, and never replaces a larger tree.
 */
export interface LogPublisher {
  publish(objects: readonly PublishedObject[]): Promise<void>;
}

export interface TransparencyDeps {
  transparencyLog: TransparencyLogStore;
  logSigner: NoteSigner;
  logPublisher: LogPublisher;
  /** The checkpoint origin line (also the note key name). */
  logOrigin: string;
}

import type { RegistryRepository } from '../ports.js';
import { changeEvent, type LogEvent, leafBytes } from './leaves.js';
import {
  LogContentionError,
  type LogState,
  type NewLeaf,
  type PublishedObject,
  type TileNode,
  type TransparencyDeps,
} from './log-ports.js';
import { appendLeaf, frontierRoot, leafHash } from './merkle.js';
import { checkpointText, encodeVerifierKey, signNote } from './note.js';
import { concatHashes, encodeBundle, TILE_HEIGHT, tilePath, tilesChanged } from './tiles.js';

/** Leaves per transaction: each leaf writes two items (leaf, source marker), DynamoDB allows 100. */
const CHUNK = 40;
const MAX_ATTEMPTS = 10;
const FEED_PAGE = 100;

export type LogWriterDeps = TransparencyDeps & { registry: Pick<RegistryRepository, 'changes'> };

/**
 * Feed entries in seq order, with any the batch skipped over read from the feed itself, so the
 * log holds every entry exactly once and in commit order whatever the stream delivered.
 */
async function ordered(
  deps: LogWriterDeps,
  state: LogState,
  events: readonly LogEvent[],
): Promise<LogEvent[]> {
  const maxSeq = Math.max(0, ...events.map((e) => e.seq ?? 0));
  const feed: LogEvent[] = [];
  for (let after = state.feedSeq; after < maxSeq; ) {
    const page = await deps.registry.changes(after, Math.min(FEED_PAGE, maxSeq - after));
    if (page.length === 0) break;
    feed.push(...page.map(changeEvent));
    after = page.at(-1)!.seq;
  }
  const out: LogEvent[] = [];
  let next = 0;
  const seen = new Set<string>();
  for (const e of events) {
    if (e.seq !== undefined) {
      while (next < feed.length && feed[next]!.seq! <= e.seq) out.push(feed[next++]!);
    } else if (!seen.has(e.sourceId)) {
      seen.add(e.sourceId);
      out.push(e);
    }
  }
  out.push(...feed.slice(next));
  const decisions = out.filter((e) => e.seq === undefined).map((e) => e.sourceId);
  const done = decisions.length > 0 ? await deps.transparencyLog.appended(decisions) : new Set<string>();
  return out.filter((e) => !done.has(e.sourceId));
}

function extend(state: LogState, events: readonly LogEvent[]) {
  let frontier = state.frontier;
  let feedSeq = state.feedSeq;
  const leaves: NewLeaf[] = [];
  const nodes: TileNode[] = [];
  for (const e of events) {
    const entry = leafBytes(e.leaf);
    const hash = leafHash(entry);
    const index = frontier.size;
    frontier = appendLeaf(frontier, hash, (level, at, h) => {
      // Tiles above level 0 hold the roots of complete 256^L subtrees.
      if (level > 0 && level % TILE_HEIGHT === 0)
        nodes.push({ level: level / TILE_HEIGHT, index: at, hash: h });
    });
    leaves.push({ index, sourceId: e.sourceId, entry, hash, ...(e.seq !== undefined ? { seq: e.seq } : {}) });
    if (e.seq !== undefined) feedSeq = e.seq;
  }
  return { after: { size: frontier.size, frontier, feedSeq }, leaves, nodes };
}

/**
 * The one writer of the log: appends the events it has not appended before, in order, then signs
 * and publishes a checkpoint of the new tree. Safe to run concurrently with itself (each append is
 * conditional on the state it extends) and to run again on the same events.
 */
export async function appendToLog(deps: LogWriterDeps, events: readonly LogEvent[]) {
  const log = deps.transparencyLog;
  const start = await log.state();
  let state = start;
  let appended = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const pending = await ordered(deps, state, events);
      for (let i = 0; i < pending.length; i += CHUNK) {
        const { after, leaves, nodes } = extend(state, pending.slice(i, i + CHUNK));
        await log.append(state, after, leaves, nodes);
        appended += leaves.length;
        state = after;
      }
      break;
    } catch (error) {
      if (!(error instanceof LogContentionError) || attempt >= MAX_ATTEMPTS) throw error;
      state = await log.state();
    }
  }
  const published = await log.latestCheckpoint();
  if (state.size > 0 && (!published || published.size < state.size)) {
    await publish(deps, published?.size ?? 0, state);
  }
  return { appended, size: state.size };
}

/** Signs the checkpoint of `state`, uploads the tiles that changed since `from`, then the checkpoint. */
export async function publish(deps: TransparencyDeps, from: number, state: LogState) {
  const root = Buffer.from(frontierRoot(state.frontier)).toString('base64');
  const note = await signNote(
    checkpointText({ origin: deps.logOrigin, size: state.size, root }),
    deps.logSigner,
  );
  const objects: PublishedObject[] = [];
  for (const t of tilesChanged(from, state.size)) {
    const body =
      t.level === 'entries'
        ? encodeBundle((await deps.transparencyLog.entries(t.index)).slice(0, t.width))
        : concatHashes((await deps.transparencyLog.tileHashes(t.level, t.index)).slice(0, t.width));
    objects.push({
      path: tilePath(t),
      body,
      contentType: 'application/octet-stream',
      // A tile path names its width, so even a partial tile never changes.
      immutable: true,
    });
  }
  await deps.logPublisher.publish(objects);
  const vkey = encodeVerifierKey(deps.logSigner.name, await deps.logSigner.publicKey());
  await deps.logPublisher.publish([
    {
      path: 'vkey',
      body: Buffer.from(`${vkey}\n`),
      contentType: 'text/plain; charset=utf-8',
      immutable: false,
    },
    {
      path: 'checkpoint',
      body: Buffer.from(note, 'utf8'),
      contentType: 'text/plain; charset=utf-8',
      immutable: false,
    },
  ]);
  await deps.transparencyLog.putCheckpoint(note, state.size);
  return note;
}

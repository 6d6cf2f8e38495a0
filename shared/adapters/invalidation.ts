import { EventEmitter } from 'node:events';

/**
 * Committed reseller changes, announced within this process. Where the writer and the reader
 * share a process (the local runtime) a cached record is dropped at once; across Lambda
 * environments the cache's time to live bounds the staleness instead.
 */
const bus = new EventEmitter();
bus.setMaxListeners(0);

export function resellerChanged(brn: string): void {
  bus.emit('reseller', brn);
}

/** A relay operator was added or changed: the set of relays that receive notices may differ. */
export function relaysChanged(): void {
  bus.emit('relays');
}

export function onRelaysChanged(listener: () => void): () => void {
  bus.on('relays', listener);
  return () => bus.off('relays', listener);
}

export function onResellerChanged(listener: (brn: string) => void): () => void {
  bus.on('reseller', listener);
  return () => bus.off('reseller', listener);
}

/** First-sender codes claimed or released, announced within this process. */
export function firstSenderCodesChanged(codes: readonly string[]): void {
  bus.emit('codes', codes);
}

export function onFirstSenderCodesChanged(listener: (codes: readonly string[]) => void): () => void {
  bus.on('codes', listener);
  return () => bus.off('codes', listener);
}

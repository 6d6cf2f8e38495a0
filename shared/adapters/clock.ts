import { randomBytes } from 'node:crypto';
import type { Clock, Ids } from '../domain/core/clock.js';

/**
 * The business clock. In AWS the offset is always 0 (wall time). The local runtime alone moves it
 * (POST /_local/clock) so that deadlines months away can be exercised in seconds; it keeps running.
 */
let offsetMs = 0;
const listeners = new Set<(from: Date, to: Date) => void>();

function move(newOffset: number): Date {
  const from = new Date(Date.now() + offsetMs);
  offsetMs = newOffset;
  const to = new Date(Date.now() + offsetMs);
  for (const listener of listeners) listener(from, to);
  return to;
}

export const businessClock: Clock & {
  set(at: Date): Date;
  advance(seconds: number): Date;
  reset(): void;
  /** Local runtime: hear every move (schedules re-plan when time goes backwards). */
  onChange(listener: (from: Date, to: Date) => void): () => void;
} = {
  now: () => new Date(Date.now() + offsetMs),
  set: (at) => move(at.getTime() - Date.now()),
  advance: (seconds) => move(offsetMs + seconds * 1000),
  reset: () => void move(0),
  onChange(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Ids sortable by creation time: prefix, wall-clock base36 time, random tail. */
export const randomIds: Ids = {
  next(prefix) {
    const time = Date.now().toString(36).padStart(9, '0');
    const tail = BigInt(`0x${randomBytes(8).toString('hex')}`)
      .toString(36)
      .padStart(13, '0');
    return `${prefix}_${time}${tail}`;
  },
};

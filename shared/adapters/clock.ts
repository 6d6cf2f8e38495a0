import { randomBytes } from 'node:crypto';
import type { Clock, Ids } from '../domain/clock.js';

/**
 * The business clock. In AWS the offset is always 0 (wall time). The local runtime alone moves it
 * (POST /_local/clock) so that deadlines months away can be exercised in seconds; it keeps running.
 */
let offsetMs = 0;

export const businessClock: Clock & {
  set(at: Date): Date;
  advance(seconds: number): Date;
  reset(): void;
} = {
  now: () => new Date(Date.now() + offsetMs),
  set(at) {
    offsetMs = at.getTime() - Date.now();
    return this.now();
  },
  advance(seconds) {
    offsetMs += seconds * 1000;
    return this.now();
  },
  reset() {
    offsetMs = 0;
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

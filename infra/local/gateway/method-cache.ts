import type { PreparedResult } from './results.js';

/**
 * API Gateway's method cache, played locally: a route with `cache` reuses a 200 for its TTL, keyed by the
 * caller, method, path and query, so no caller ever gets another caller's answer. `clear()` (a reseller
 * change committed in this process) empties it at once, and an answer computed before a clear is not kept:
 * it may have read the record as it was before the change.
 *
 * Requests for a key whose answer is being computed wait for that answer instead of calling the function
 * again (when the entry expires under load, one call refills it, not one per waiting request).
 */
export class MethodCache {
  private readonly entries = new Map<string, { prepared: PreparedResult; until: number }>();
  private readonly computing = new Map<string, Promise<PreparedResult | undefined>>();
  private generation = 0;

  constructor(
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): PreparedResult | undefined {
    const hit = this.entries.get(key);
    return hit !== undefined && hit.until > this.now() ? hit.prepared : undefined;
  }

  /** The answer being computed for this key (undefined when it turns out not cacheable), if any. */
  pending(key: string): Promise<PreparedResult | undefined> | undefined {
    return this.computing.get(key);
  }

  /**
   * This request computes the key's answer: `finish` (call it exactly once) keeps a cacheable answer for
   * `ttlMs` unless a clear came in between, and hands it to the requests that waited.
   */
  begin(key: string): { finish(prepared: PreparedResult | undefined, ttlMs: number): void } {
    const generation = this.generation;
    const { promise, resolve } = Promise.withResolvers<PreparedResult | undefined>();
    this.computing.set(key, promise);
    return {
      finish: (prepared, ttlMs) => {
        if (this.computing.get(key) === promise) this.computing.delete(key);
        const current = generation === this.generation;
        if (prepared !== undefined && current) {
          if (this.entries.size >= this.maxEntries) this.entries.clear();
          this.entries.set(key, { prepared, until: this.now() + ttlMs });
        }
        resolve(current ? prepared : undefined);
      },
    };
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.computing.clear();
  }
}

import type { PreparedResult } from './results.js';

/**
 * API Gateway's method cache, played locally: a route with `cache` reuses a 200 for its TTL, keyed by the
 * caller, method, path and query, so no caller ever gets another caller's answer. `clear()` (a reseller
 * change committed in this process) empties it at once, and an answer computed before a clear is not kept:
 * it may have read the record as it was before the change.
 */
export class MethodCache {
  private readonly entries = new Map<string, { prepared: PreparedResult; until: number }>();
  private generation = 0;

  constructor(
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): PreparedResult | undefined {
    const hit = this.entries.get(key);
    return hit !== undefined && hit.until > this.now() ? hit.prepared : undefined;
  }

  /** Taken before the function is called; `set` keeps the answer only if no clear came in between. */
  mark(): number {
    return this.generation;
  }

  set(key: string, prepared: PreparedResult, ttlMs: number, mark: number): void {
    if (mark !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { prepared, until: this.now() + ttlMs });
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

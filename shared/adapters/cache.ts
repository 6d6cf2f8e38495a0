import type { Reseller } from '../domain/eligibility.js';
import type { PolicyVersion } from '../domain/policy.js';
import type { PolicyRepository, ResellerRepository } from '../domain/ports.js';
import { onResellerChanged } from './invalidation.js';

/**
 * Read-through caches for the relays' hot path (GET eligibility, many times a second). DESIGN.md
 * §5 allows a cache never staler than the 5 s propagation bar: entries live at most `ttlMs`
 * (default 2 s) per execution environment, so a suspension is visible everywhere within that,
 * and `invalidate` drops an entry at once where the change is known in-process.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    const value = await load();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
    return value;
  }

  invalidate(key: K): void {
    this.entries.delete(key);
  }
}

export const ELIGIBILITY_CACHE_TTL_MS = 2_000;

export function cachedResellers(
  inner: ResellerRepository,
  cache = new TtlCache<string, Reseller | undefined>(ELIGIBILITY_CACHE_TTL_MS),
): ResellerRepository {
  onResellerChanged((brn) => cache.invalidate(brn));
  return {
    ...inner,
    list: (page) => inner.list(page),
    listInBadStanding: (since) => inner.listInBadStanding(since),
    listDue: (until, page) => inner.listDue(until, page),
    latestDueAtOrBefore: (until) => inner.latestDueAtOrBefore(until),
    get: (brn) => cache.get(brn, () => inner.get(brn)),
  };
}

export function cachedPolicies(inner: PolicyRepository, ttlMs = ELIGIBILITY_CACHE_TTL_MS): PolicyRepository {
  const cache = new TtlCache<'all', PolicyVersion[]>(ttlMs);
  return {
    versions: () => cache.get('all', () => inner.versions()),
    add: async (version, audit) => {
      await inner.add(version, audit);
      cache.invalidate('all');
    },
  };
}

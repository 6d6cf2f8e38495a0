import type { PolicyVersion } from '../domain/policy/policy.js';
import type { PolicyRepository, ResellerRepository } from '../domain/ports.js';
import type { Reseller } from '../domain/resellers/eligibility.js';
import type { FirstSenderCodeRegistry } from '../domain/spam/ports.js';
import { onFirstSenderCodesChanged, onResellerChanged } from './invalidation.js';

/**
 * Read-through caches for the relays' hot path (GET eligibility, many times a second). The bar allows a cache never staler than the 5 s propagation bar: entries live at most `ttlMs`
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

/** How long the intake trusts a code → reseller answer (known or unknown code) it has read. */
export const FIRST_SENDER_CODE_TTL_MS = 5_000;

/**
 * The code → reseller map the intake attributes every report with, read through a short-lived
 * cache: a batch of known codes costs no read; a code claimed or released elsewhere is seen within
 * the time to live (at once in this process).
 */
export function cachedFirstSenderCodes(
  inner: FirstSenderCodeRegistry,
  ttlMs = FIRST_SENDER_CODE_TTL_MS,
  now: () => number = Date.now,
): FirstSenderCodeRegistry {
  const entries = new Map<string, { brn: string | undefined; until: number }>();
  onFirstSenderCodesChanged((codes) => {
    for (const c of codes) entries.delete(c);
  });
  return {
    replace: async (unit) => {
      await inner.replace(unit);
      for (const c of [...(unit.before.firstSenderCodes ?? []), ...(unit.after.firstSenderCodes ?? [])])
        entries.delete(c);
    },
    resolve: async (codes) => {
      const t = now();
      const holders = new Map<string, string>();
      const missing: string[] = [];
      for (const c of new Set(codes)) {
        const hit = entries.get(c);
        if (hit && hit.until > t) {
          if (hit.brn) holders.set(c, hit.brn);
        } else missing.push(c);
      }
      if (missing.length > 0) {
        const found = await inner.resolve(missing);
        if (entries.size + missing.length > 50_000) entries.clear();
        for (const c of missing) {
          const brn = found.get(c);
          entries.set(c, { brn, until: t + ttlMs });
          if (brn) holders.set(c, brn);
        }
      }
      return holders;
    },
  };
}

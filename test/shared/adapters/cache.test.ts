import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../../shared/adapters/cache.js';

describe('the hot-path cache', () => {
  it('serves a cached value until its time to live runs out, then reloads', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<string, number>(2_000, 10, () => now);
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    now = 1_999;
    expect(await cache.get('a', load)).toBe(1);
    now = 2_000;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('drops an entry at once when invalidated', async () => {
    let loads = 0;
    const cache = new TtlCache<string, number>(60_000);
    await cache.get('a', async () => ++loads);
    cache.invalidate('a');
    expect(await cache.get('a', async () => ++loads)).toBe(2);
  });

  it('stays bounded, evicting the oldest entry', async () => {
    let loads = 0;
    const cache = new TtlCache<string, number>(60_000, 2);
    await cache.get('a', async () => ++loads);
    await cache.get('b', async () => ++loads);
    await cache.get('c', async () => ++loads);
    expect(await cache.get('a', async () => ++loads)).toBe(4);
  });
});

describe('the reseller cache', () => {
  it('drops a record at once when a change to it commits in this process', async () => {
    const { cachedResellers } = await import('../../../shared/adapters/cache.js');
    const { resellerChanged } = await import('../../../shared/adapters/invalidation.js');
    let reads = 0;
    const inner = {
      get: async () => {
        reads++;
        return undefined;
      },
      list: async () => ({ items: [] }),
      listInBadStanding: async () => [],
      listDue: async () => ({ items: [] }),
      latestDueAtOrBefore: async () => undefined,
    };
    const cached = cachedResellers(inner);
    await cached.get('2208162517');
    await cached.get('2208162517');
    expect(reads).toBe(1);
    resellerChanged('2208162517');
    await cached.get('2208162517');
    expect(reads).toBe(2);
  });
});

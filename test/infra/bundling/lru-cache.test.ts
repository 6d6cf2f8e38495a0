import { describe, expect, it } from 'vitest';
import LRUCache from '../../../infra/bundling/lru-cache.js';

describe('the Map-backed LRU that stands in for mnemonist in Lambda bundles', () => {
  it('evicts the least recently used entry once over capacity', () => {
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.has('b')).toBe(false);
    expect([cache.get('a'), cache.get('c'), cache.size]).toEqual([1, 3, 2]);
  });

  it('peek reads without refreshing, so a peeked entry is still the next evicted', () => {
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.peek('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.has('a')).toBe(false);
    expect(cache.has('b')).toBe(true);
  });

  it('overwriting a key keeps one entry; delete and clear empty it', () => {
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1).set('a', 5);
    expect([cache.size, cache.get('a')]).toEqual([1, 5]);
    expect(cache.delete('a')).toBe(true);
    expect(cache.get('a')).toBeUndefined();
    cache.set('x', 1);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});

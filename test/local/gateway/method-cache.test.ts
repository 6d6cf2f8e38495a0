import { describe, expect, it } from 'vitest';
import { MethodCache } from '../../../infra/local/gateway/method-cache.js';
import type { PreparedResult } from '../../../infra/local/gateway/results.js';

const answer = (text: string): PreparedResult => ({
  statusCode: 200,
  headers: [],
  headersWithVary: [],
  body: Buffer.from(text),
  text,
  encoded: false,
});

function clock(start = 1_000_000) {
  let at = start;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

describe('MethodCache', () => {
  it('reuses an answer for its time to live and not a moment longer', () => {
    const time = clock();
    const cache = new MethodCache(100, time.now);
    cache.begin('k').finish(answer('a'), 2_000);
    expect(cache.get('k')?.text).toBe('a');
    time.advance(1_999);
    expect(cache.get('k')?.text).toBe('a');
    time.advance(1);
    expect(cache.get('k')).toBeUndefined();
  });

  it('keeps answers apart by key', () => {
    const cache = new MethodCache();
    cache.begin('caller-1 GET /x').finish(answer('one'), 2_000);
    expect(cache.get('caller-2 GET /x')).toBeUndefined();
  });

  it('does not keep what is not cacheable', () => {
    const cache = new MethodCache();
    cache.begin('k').finish(undefined, 2_000);
    expect(cache.get('k')).toBeUndefined();
  });

  it('clear() empties it at once', () => {
    const cache = new MethodCache();
    cache.begin('k').finish(answer('a'), 2_000);
    cache.clear();
    expect(cache.get('k')).toBeUndefined();
  });

  it('does not keep an answer computed across a clear (it may predate the change)', async () => {
    const cache = new MethodCache();
    const computing = cache.begin('k');
    const waiting = cache.pending('k');
    cache.clear();
    expect(cache.pending('k')).toBeUndefined();
    computing.finish(answer('before the change'), 2_000);
    expect(cache.get('k')).toBeUndefined();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('hands the answer being computed to the requests that wait for it', async () => {
    const cache = new MethodCache();
    const computing = cache.begin('k');
    const waiting = [cache.pending('k'), cache.pending('k')];
    computing.finish(answer('shared'), 2_000);
    expect((await Promise.all(waiting)).map((p) => p?.text)).toEqual(['shared', 'shared']);
    expect(cache.pending('k')).toBeUndefined();
  });

  it('lets waiters compute themselves when the answer was not cacheable', async () => {
    const cache = new MethodCache();
    const computing = cache.begin('k');
    const waiting = cache.pending('k');
    computing.finish(undefined, 2_000);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('never holds more than its bound', () => {
    const cache = new MethodCache(2);
    cache.begin('a').finish(answer('a'), 2_000);
    cache.begin('b').finish(answer('b'), 2_000);
    cache.begin('c').finish(answer('c'), 2_000);
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, undefined]);
    expect(cache.get('c')?.text).toBe('c');
  });
});

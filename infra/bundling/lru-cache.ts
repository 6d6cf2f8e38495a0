/**
 * Bundling alias for `mnemonist/lru-cache` in Lambda bundles only. Its one user is the SDK's
 * endpoint-discovery cache (`@aws-sdk/endpoint-cache`), which every DynamoDB client builds but no
 * command the functions send fills (DynamoDB's commands carry no discovery middleware). mnemonist
 * and its iterator helpers are ~7 KB minified; a Map keeps insertion order, which is all an LRU needs.
 */
export default class LRUCache<K, V> {
  private readonly items = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.size;
  }

  has(key: K): boolean {
    return this.items.has(key);
  }

  /** Reads without making the entry the most recently used. */
  peek(key: K): V | undefined {
    return this.items.get(key);
  }

  get(key: K): V | undefined {
    if (!this.items.has(key)) return undefined;
    const value = this.items.get(key) as V;
    this.items.delete(key);
    this.items.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.items.delete(key);
    this.items.set(key, value);
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.items.delete(key);
  }

  clear(): void {
    this.items.clear();
  }
}

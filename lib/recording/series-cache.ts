/** Distinct raw tuples remembered per cache before it starts afresh. */
export const SERIES_CACHE_ENTRIES = 2048;

type Key = string | number | boolean | undefined;

/**
 * Resolved labels per raw label tuple (up to three values), so a hot call resolves and admits its
 * labels once instead of on every call. Label rules, caps and the series bound only ever grow
 * their admitted sets, so a tuple's result never changes once computed and caching it is exact.
 * Nested maps on the raw values: no key string is built per call. Bounded: when full the cache is
 * cleared (a flood of unique values costs re-resolution, never memory); objects are not cached.
 */
export class SeriesCache<V> {
  private readonly root = new Map<Key, Map<Key, Map<Key, V>>>();
  private entries = 0;

  constructor(private readonly maxEntries = SERIES_CACHE_ENTRIES) {}

  get(a: unknown, b?: unknown, c?: unknown): V | undefined {
    return this.root
      .get(a as Key)
      ?.get(b as Key)
      ?.get(c as Key);
  }

  /** Stores `value` for the tuple (when every part is a primitive) and returns it. */
  set(a: unknown, b: unknown, c: unknown, value: V): V {
    if (!isKey(a) || !isKey(b) || !isKey(c)) return value;
    if (this.entries >= this.maxEntries) this.clear();
    let second = this.root.get(a);
    if (!second) this.root.set(a, (second = new Map()));
    let third = second.get(b);
    if (!third) second.set(b, (third = new Map()));
    if (!third.has(c)) this.entries++;
    third.set(c, value);
    return value;
  }

  /** Forgets every tuple (e.g. when the endpoint templates change). */
  clear(): void {
    this.root.clear();
    this.entries = 0;
  }

  get size(): number {
    return this.entries;
  }
}

function isKey(value: unknown): value is Key {
  const type = typeof value;
  // Long strings are not worth keeping: they are free text that resolves to a bounded value anyway.
  return type === 'number' || type === 'boolean' || value === undefined || (type === 'string' && (value as string).length <= 512);
}

/**
 * Remembers `METHOD path` → endpoint label for paths that repeat (polling loops). Keys carry no
 * query string, so `?cursor=…` pages share one entry; bounded in entries and in key bytes, so a
 * bot requesting millions of distinct ids (or very long paths) cannot grow it.
 */
export const TEMPLATE_CACHE_ENTRIES = 1000;
export const TEMPLATE_CACHE_BYTES = 256 * 1024;
/** Longer paths are templated every time rather than cached. */
const MAX_KEY_LENGTH = 2048;

export class TemplateCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = TEMPLATE_CACHE_ENTRIES,
    private readonly maxBytes = TEMPLATE_CACHE_BYTES,
  ) {}

  /** The cached label for `method` + `path` (query already stripped), computing it once. */
  get(method: string, path: string, compute: () => string): string {
    const key = method + ' ' + path;
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (key.length > MAX_KEY_LENGTH) return value;
    // UTF-16 code units × 2 bounds the heap bytes of the key strings.
    const cost = key.length * 2;
    if (this.entries.size >= this.maxEntries || this.bytes + cost > this.maxBytes) this.clear();
    this.entries.set(key, value);
    this.bytes += cost;
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Heap bytes held by the keys (an upper bound of what the bound limits). */
  get keyBytes(): number {
    return this.bytes;
  }

  private clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

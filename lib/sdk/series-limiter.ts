import type { Attributes } from '@opentelemetry/api';
import { OTHER } from '../labels/label-names.js';

/** Default cap on exported series per metric, for the life of the process. */

/**
 * Hard bound on the label sets of each metric. The SDK's own cardinality limit applies per
 * collection cycle, and with cumulative temporality old series are exported forever, so it
 * cannot bound what Prometheus sees; this does. Past the cap, new label sets fold into one
 * visible overflow series whose labels are all `other`.
 */
export class SeriesLimiter {
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    private readonly limit: number,
    private readonly onOverflow: (metric: string) => void,
  ) {}

  admit(metric: string, attributes: Attributes): Attributes {
    const keys = Object.keys(attributes);
    if (keys.length === 0) return attributes;
    let series = this.seen.get(metric);
    if (!series) {
      series = new Set();
      this.seen.set(metric, series);
    }
    let key = '';
    for (const k of keys) key += `${attributes[k]}\u0001`;
    if (series.has(key)) return attributes;
    // One slot stays free for the overflow series itself.
    if (series.size < this.limit - 1) {
      series.add(key);
      return attributes;
    }
    this.onOverflow(metric);
    return Object.fromEntries(keys.map((k) => [k, OTHER]));
  }
}

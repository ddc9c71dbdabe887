import type { MetricData } from '@opentelemetry/sdk-metrics';
import { escapeText, familyName, prometheusType } from './names.js';

/** The fixed bytes of one metric family, built once per instrument. */
export interface FamilyBytes {
  readonly name: string;
  readonly header: Buffer;
  /** `name ` and `name{` (counters and gauges). */
  readonly plain: Buffer;
  readonly open: Buffer;
  readonly countPlain: Buffer;
  readonly countOpen: Buffer;
  readonly sumPlain: Buffer;
  readonly sumOpen: Buffer;
  readonly bucketOpen: Buffer;
  /** `name_bucket{<labels>,` per series, so a bucket line is one copy, the `le` suffix and a number. */
  readonly bucketPrefixes: WeakMap<object, Buffer>;
}

/** HELP, optional UNIT and TYPE lines and the sample-name prefixes, or null for unusable names. */
export function familyBytes(metric: MetricData): FamilyBytes | null {
  const name = familyName(metric);
  if (name === undefined) return null;
  const { description, unit } = metric.descriptor;
  const header =
    `# HELP ${name} ${escapeText(description || 'description missing')}\n` +
    (unit ? `# UNIT ${name} ${escapeText(unit)}\n` : '') +
    `# TYPE ${name} ${prometheusType(metric)}\n`;
  const b = (text: string): Buffer => Buffer.from(text);
  return {
    name,
    header: b(header),
    plain: b(`${name} `),
    open: b(`${name}{`),
    countPlain: b(`${name}_count `),
    countOpen: b(`${name}_count{`),
    sumPlain: b(`${name}_sum `),
    sumOpen: b(`${name}_sum{`),
    bucketOpen: b(`${name}_bucket{`),
    bucketPrefixes: new WeakMap(),
  };
}

/** The `le="0.1"} ` ending of each bucket line, and how many buckets a series writes. */
export interface BucketBounds {
  readonly suffixes: readonly Buffer[];
  /** As the stock exporter: an explicit +Inf bound ends the buckets there. */
  readonly limit: number;
}

export function bucketBounds(boundaries: readonly number[]): BucketBounds {
  const suffixes = [...boundaries.map((b) => Buffer.from(`le="${b === Infinity ? '+Inf' : String(b)}"} `)), Buffer.from('le="+Inf"} ')];
  return { suffixes, limit: boundaries.includes(Infinity) ? boundaries.length : Infinity };
}

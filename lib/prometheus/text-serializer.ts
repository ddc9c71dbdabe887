import { diag } from '@opentelemetry/api';
import {
  DataPointType,
  type DataPoint,
  type Histogram,
  type MetricData,
  type MetricDescriptor,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { ByteWriter } from './byte-writer.js';
import { bucketBounds, familyBytes, type BucketBounds, type FamilyBytes } from './families.js';
import { LabelBlocks } from './label-blocks.js';

/** Longest stretch of serialisation before giving the event loop a turn. */
export const SLICE_MS = 2;
/** Data points written between two looks at the clock (a histogram point is ~12 lines). */
const CHECK_EVERY = 16;
/** `family()` wrote every point. */
const DONE = -1;

const NEWLINE = 0x0a;
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('} ');
const NO_METRICS = Buffer.from('# no registered metrics');
const TARGET_INFO_HEADER = Buffer.from('# HELP target_info Target metadata\n# TYPE target_info gauge\n');
const TARGET_INFO_PLAIN = Buffer.from('target_info ');
const TARGET_INFO_OPEN = Buffer.from('target_info{');

/**
 * Prometheus text from the SDK's collected data: the same bytes the stock
 * `PrometheusSerializer` writes (no scope labels, no timestamps), in linear time. Label blocks,
 * family headers and `le` suffixes are encoded once and reused on every scrape; a scrape copies
 * cached bytes and writes numbers into one buffer sized from the last scrape.
 */
export class PrometheusTextSerializer {
  private readonly labels = new LabelBlocks();
  private readonly families = new WeakMap<MetricDescriptor, FamilyBytes | null>();
  private readonly les = new WeakMap<readonly number[], BucketBounds>();
  private sizeHint = 64 * 1024;

  constructor(private readonly options: { readonly targetInfo?: boolean } = {}) {}

  /** Everything in one blocking pass. */
  serialize(data: ResourceMetrics): Buffer {
    const out = this.begin(data);
    const bodyStart = out.length;
    for (const scope of data.scopeMetrics) for (const metric of scope.metrics) this.family(out, metric);
    return this.end(out, bodyStart);
  }

  /**
   * The same bytes, giving the event loop a turn whenever a slice runs over budget: between
   * families and inside a large one (checked every few data points), so no single family blocks.
   */
  async serializeSliced(data: ResourceMetrics, sliceMs = SLICE_MS): Promise<Buffer> {
    const out = this.begin(data);
    const bodyStart = out.length;
    let deadline = performance.now() + sliceMs;
    for (const scope of data.scopeMetrics) {
      for (const metric of scope.metrics) {
        let next = 0;
        do {
          next = this.family(out, metric, next, deadline);
          if (next !== DONE || performance.now() > deadline) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            deadline = performance.now() + sliceMs;
          }
        } while (next !== DONE);
      }
    }
    return this.end(out, bodyStart);
  }

  private begin(data: ResourceMetrics): ByteWriter {
    const out = new ByteWriter(this.sizeHint);
    if (this.options.targetInfo !== false) {
      const block = this.labels.get(data.resource.attributes);
      out.bytes(TARGET_INFO_HEADER);
      this.line(out, block.length > 0 ? TARGET_INFO_OPEN : TARGET_INFO_PLAIN, block, 1);
    }
    return out;
  }

  private end(out: ByteWriter, bodyStart: number): Buffer {
    if (out.length === bodyStart) out.bytes(NO_METRICS);
    this.sizeHint = Math.ceil(out.length * 1.1);
    return out.result();
  }

  /**
   * Writes `metric`'s data points from `start`; past `deadline` (looked at every CHECK_EVERY
   * points) it stops and returns the index to resume from, else DONE.
   */
  private family(out: ByteWriter, metric: MetricData, start = 0, deadline = Infinity): number {
    const family = this.familyOf(metric);
    if (!family) return DONE;
    if (start === 0) out.bytes(family.header);
    const type = metric.dataPointType;
    if (type !== DataPointType.SUM && type !== DataPointType.GAUGE && type !== DataPointType.HISTOGRAM) {
      // As the stock serializer: the header stays, the points are skipped.
      diag.error(`Unrecognizable DataPointType: ${String(type)} for metric "${family.name}"`);
      return DONE;
    }
    const points = metric.dataPoints;
    for (let i = start; i < points.length; i++) {
      if (type === DataPointType.HISTOGRAM) this.histogram(out, family, points[i] as DataPoint<Histogram>);
      else this.sample(out, family, points[i] as DataPoint<number>);
      if (i % CHECK_EVERY === CHECK_EVERY - 1 && i + 1 < points.length && performance.now() > deadline) return i + 1;
    }
    return DONE;
  }

  private familyOf(metric: MetricData): FamilyBytes | null {
    let family = this.families.get(metric.descriptor);
    if (family === undefined) {
      family = familyBytes(metric);
      if (!family) diag.error(`Normalization for metric "${metric.descriptor.name}" resulted in an unusable name`);
      this.families.set(metric.descriptor, family);
    }
    return family;
  }

  private sample(out: ByteWriter, family: FamilyBytes, point: DataPoint<number>): void {
    const block = this.labels.get(point.attributes);
    this.line(out, block.length > 0 ? family.open : family.plain, block, point.value);
  }

  private histogram(out: ByteWriter, family: FamilyBytes, point: DataPoint<Histogram>): void {
    const { count, sum, buckets } = point.value;
    const block = this.labels.get(point.attributes);
    const labelled = block.length > 0;
    this.line(out, labelled ? family.countOpen : family.countPlain, block, count);
    if (sum != null) this.line(out, labelled ? family.sumOpen : family.sumPlain, block, sum);
    const { suffixes, limit } = this.boundsOf(buckets.boundaries);
    const open = labelled ? bucketPrefix(family, point.attributes, block) : family.bucketOpen;
    const counts = buckets.counts;
    const last = Math.min(counts.length, limit);
    let cumulative = 0;
    for (let i = 0; i < last; i++) {
      cumulative += counts[i]!;
      out.bytes(open);
      out.bytes(suffixes[Math.min(i, suffixes.length - 1)]!);
      out.number(cumulative);
      out.byte(NEWLINE);
    }
  }

  private line(out: ByteWriter, prefix: Buffer, block: Buffer, value: number): void {
    out.bytes(prefix);
    if (block.length > 0) {
      out.bytes(block);
      out.bytes(CLOSE);
    }
    out.number(value);
    out.byte(NEWLINE);
  }

  private boundsOf(boundaries: readonly number[]): BucketBounds {
    let bounds = this.les.get(boundaries);
    if (!bounds) {
      bounds = bucketBounds(boundaries);
      this.les.set(boundaries, bounds);
    }
    return bounds;
  }
}

function bucketPrefix(family: FamilyBytes, attributes: object, block: Buffer): Buffer {
  let prefix = family.bucketPrefixes.get(attributes);
  if (!prefix) {
    prefix = Buffer.concat([family.bucketOpen, block, COMMA]);
    family.bucketPrefixes.set(attributes, prefix);
  }
  return prefix;
}

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
export const DEFAULT_SLICE_MS = 8;

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

  /** The same bytes, yielding to the event loop between families once a slice runs over budget. */
  async serializeSliced(data: ResourceMetrics, sliceMs = DEFAULT_SLICE_MS): Promise<Buffer> {
    const out = this.begin(data);
    const bodyStart = out.length;
    let sliceStart = performance.now();
    for (const scope of data.scopeMetrics) {
      for (const metric of scope.metrics) {
        this.family(out, metric);
        if (performance.now() - sliceStart > sliceMs) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
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

  private family(out: ByteWriter, metric: MetricData): void {
    const family = this.familyOf(metric);
    if (!family) return;
    out.bytes(family.header);
    switch (metric.dataPointType) {
      case DataPointType.SUM:
      case DataPointType.GAUGE:
        for (const point of metric.dataPoints) this.sample(out, family, point);
        break;
      case DataPointType.HISTOGRAM:
        for (const point of metric.dataPoints) this.histogram(out, family, point);
        break;
      default:
        diag.error(`Unrecognizable DataPointType: ${String(metric.dataPointType)} for metric "${family.name}"`);
    }
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

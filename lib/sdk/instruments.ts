import type { Attributes, Counter, Gauge, Histogram, Meter } from '@opentelemetry/api';
import { CATALOG, type CounterName, type GaugeName, type HistogramName, type MetricSpec } from '../catalog.js';

/** Histogram bucket overrides, by metric name (seconds for durations). */
export type BucketOverrides = Partial<Record<HistogramName, readonly number[]>>;

/** One OTel instrument per catalog entry, created from the catalog and nothing else. */
export class CatalogInstruments {
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();
  private readonly histograms = new Map<string, Histogram>();

  constructor(meter: Meter, buckets: BucketOverrides = {}, catalog: readonly MetricSpec[] = CATALOG) {
    for (const spec of catalog) {
      const options = { description: spec.help, unit: spec.unit };
      if (spec.kind === 'counter') this.counters.set(spec.name, meter.createCounter(spec.name, options));
      if (spec.kind === 'gauge') this.gauges.set(spec.name, meter.createGauge(spec.name, options));
      if (spec.kind === 'histogram') {
        const boundaries = bucketsFor(spec, buckets);
        // Advice keeps the buckets right even under a MeterProvider without our views.
        const advice = { explicitBucketBoundaries: [...boundaries] };
        this.histograms.set(spec.name, meter.createHistogram(spec.name, { ...options, advice }));
      }
    }
  }

  add(name: CounterName, value: number, attributes: Attributes): void {
    this.counters.get(name)?.add(value, attributes);
  }

  set(name: GaugeName, value: number, attributes: Attributes): void {
    this.gauges.get(name)?.record(value, attributes);
  }

  observe(name: HistogramName, value: number, attributes: Attributes): void {
    this.histograms.get(name)?.record(value, attributes);
  }
}

/** The boundaries for a histogram: the override if given, else the catalog's. */
export function bucketsFor(spec: MetricSpec, overrides: BucketOverrides): readonly number[] {
  const override = overrides[spec.name as HistogramName];
  return override ?? spec.buckets ?? [];
}

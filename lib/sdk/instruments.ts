import { createNoopMeter, type Attributes, type Counter, type Gauge, type Histogram, type Meter } from '@opentelemetry/api';
import { CATALOG, type CounterName, type GaugeName, type HistogramName, type MetricSpec } from '../catalog.js';
import type { BucketOverrides } from '../config/options.js';
import { DEFAULT_SERIES_LIMIT } from '../config/defaults.js';
import { SeriesLimiter } from './series-limiter.js';

export type { BucketOverrides };

/**
 * One OTel instrument per catalog entry, created from the catalog and nothing else. Every
 * recording passes the per-metric series bound; overflow is counted in
 * `dmarket_bot_telemetry_series_overflow_total{metric}`.
 */
export class CatalogInstruments {
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly limiter: SeriesLimiter;
  private overflows = 0;

  /** Overflow recordings so far: lets label caches tell a tuple that overflowed (never cached). */
  get overflowEvents(): number {
    return this.overflows;
  }

  constructor(meter: Meter, buckets: BucketOverrides = {}, seriesLimit = DEFAULT_SERIES_LIMIT, catalog: readonly MetricSpec[] = CATALOG) {
    this.limiter = new SeriesLimiter(seriesLimit, (metric) => this.countOverflow(metric));
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
    this.counters.get(name)?.add(value, this.limiter.admit(name, attributes));
  }

  set(name: GaugeName, value: number, attributes: Attributes): void {
    this.gauges.get(name)?.record(value, this.limiter.admit(name, attributes));
  }

  observe(name: HistogramName, value: number, attributes: Attributes): void {
    this.histograms.get(name)?.record(value, this.limiter.admit(name, attributes));
  }

  /**
   * The attributes `name` records under after the series bound: for callers that cache them per
   * label tuple and then record straight into the instruments below.
   */
  admit(name: CounterName | GaugeName | HistogramName, attributes: Attributes): Attributes {
    return this.limiter.admit(name, attributes);
  }

  /** One recording folded into an overflow series of `metric`. */
  countOverflow(metric: string): void {
    this.overflows++;
    this.counters.get('dmarket_bot_telemetry_series_overflow_total')?.add(1, { metric });
  }

  counter(name: CounterName): Counter {
    return this.counters.get(name) ?? NOOP_METER.createCounter(name);
  }

  gauge(name: GaugeName): Gauge {
    return this.gauges.get(name) ?? NOOP_METER.createGauge(name);
  }

  histogram(name: HistogramName): Histogram {
    return this.histograms.get(name) ?? NOOP_METER.createHistogram(name);
  }
}

/** Stands in for instruments a reduced catalog lacks, so callers never check for absence. */
const NOOP_METER = createNoopMeter();

/** The boundaries for a histogram: the override if given, else the catalog's. */
export function bucketsFor(spec: MetricSpec, overrides: BucketOverrides): readonly number[] {
  const override = overrides[spec.name as HistogramName];
  return override ?? spec.buckets ?? [];
}

import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricSpec } from '../../lib/catalog.js';
import { catalogViews } from '../../lib/sdk/views.js';
import type { SeriesLoad } from './workloads.js';

/** An OTel SDK holding the load through this project's catalog views (one reader, no server). */
export function otelWith(load: readonly SeriesLoad[]): { provider: MeterProvider; reader: MetricReader } {
  const reader = new PrometheusExporter({ preventServerStart: true });
  // The SDK folds past 2,000 series per metric by default; the 5,000-series case needs more.
  const views = catalogViews().map((view) => ({ ...view, aggregationCardinalityLimit: 100_000 }));
  const provider = new MeterProvider({ readers: [reader], views });
  const meter = provider.getMeter('bench');
  const instruments = new Map<string, (value: number, labels: Record<string, string>) => void>();
  const instrument = (spec: MetricSpec): ((value: number, labels: Record<string, string>) => void) => {
    const options = { description: spec.help, unit: spec.unit };
    if (spec.kind === 'counter') {
      const c = meter.createCounter(spec.name, options);
      return (v, l) => c.add(v, l);
    }
    if (spec.kind === 'gauge') {
      const g = meter.createGauge(spec.name, options);
      return (v, l) => g.record(v, l);
    }
    const h = meter.createHistogram(spec.name, options);
    return (v, l) => h.record(v, l);
  };
  for (const { spec, labels, values } of load) {
    if (!instruments.has(spec.name)) instruments.set(spec.name, instrument(spec));
    for (const value of values) instruments.get(spec.name)!(value, labels);
  }
  return { provider, reader };
}

/** prom-client's registry holding the same load, the same names, help, labels and buckets. */
export function promClientWith(load: readonly SeriesLoad[]): Registry {
  const registry = new Registry();
  const metrics = new Map<string, (value: number, labels: Record<string, string>) => void>();
  const metric = (spec: MetricSpec): ((value: number, labels: Record<string, string>) => void) => {
    const base = { name: spec.name, help: spec.help, labelNames: [...spec.labels], registers: [registry] };
    if (spec.kind === 'counter') {
      const c = new Counter(base);
      return (v, l) => c.inc(l, v);
    }
    if (spec.kind === 'gauge') {
      const g = new Gauge(base);
      return (v, l) => g.set(l, v);
    }
    const h = new Histogram({ ...base, buckets: [...(spec.buckets ?? [])] });
    return (v, l) => h.observe(l, v);
  };
  for (const { spec, labels, values } of load) {
    if (!metrics.has(spec.name)) metrics.set(spec.name, metric(spec));
    for (const value of values) metrics.get(spec.name)!(value, labels);
  }
  return registry;
}

import type { MeterProvider, ViewOptions } from '@opentelemetry/sdk-metrics';
import { AggregationType, createAllowListAttributesProcessor } from '@opentelemetry/sdk-metrics';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { PROCESS_METER, RUNTIME_METER, RUNTIME_METRICS } from './runtime-catalog.js';

/** Runtime streams nobody charts; dropped so they cost no series. */
const UNCHARTED = [
  'nodejs.eventloop.delay.min',
  'nodejs.eventloop.delay.stddev',
  'nodejs.eventloop.delay.p50',
  'nodejs.eventloop.delay.p90',
  'nodejs.eventloop.time',
  'v8js.memory.heap.space.available_size',
  'v8js.memory.heap.space.physical_size',
  'v8js.memory.heap.space.size',
];

/**
 * Views for the runtime streams: the exported ones renamed to their Prometheus names (buckets
 * for GC pauses), every other stream of the runtime instrumentation dropped.
 */
export function runtimeViews(): ViewOptions[] {
  const exported: ViewOptions[] = RUNTIME_METRICS.map((spec) => ({
    meterName: spec.meter,
    instrumentName: spec.source,
    name: spec.name,
    description: spec.help,
    attributesProcessors: [createAllowListAttributesProcessor([...spec.labels])],
    ...(spec.buckets
      ? {
          aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [...spec.buckets], recordMinMax: false } },
        }
      : {}),
  }));
  const dropped = UNCHARTED.map((instrumentName): ViewOptions => ({
    meterName: RUNTIME_METER,
    instrumentName,
    aggregation: { type: AggregationType.DROP },
  }));
  return [...exported, ...dropped];
}

/** Starts the runtime instrumentation and the process metrics on `provider`; returns the stop. */
export function startRuntimeMetrics(provider: MeterProvider): () => void {
  const instrumentation = new RuntimeNodeInstrumentation({ enabled: false, monitoringPrecision: 10 });
  instrumentation.setMeterProvider(provider);
  instrumentation.enable();
  const meter = provider.getMeter(PROCESS_METER);
  meter.createObservableCounter('process.cpu.time', { unit: 's' }).addCallback((result) => {
    const { user, system } = process.cpuUsage();
    result.observe((user + system) / 1e6);
  });
  meter.createObservableGauge('process.memory.rss', { unit: 'By' }).addCallback((result) => result.observe(process.memoryUsage.rss()));
  return () => instrumentation.disable();
}

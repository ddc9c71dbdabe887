import {
  ConsoleMetricExporter,
  type MetricReader,
  type PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { resolveOtlp } from '../config/defaults.js';
import type { MetricsExporterName, OtlpOptions } from '../config/types.js';
import { TrackedExporter } from './export-tracker.js';
import { periodicPush } from './push-fanout.js';
import { SharedCollection, sharedTemporality } from './shared-collection.js';

export interface PushReader {
  readonly name: Exclude<MetricsExporterName, 'prometheus' | 'none'>;
  readonly exporter: TrackedExporter;
}

export interface Readers {
  readonly names: readonly MetricsExporterName[];
  /** The only reader the SDK sees; `/metrics` and every push exporter read from it. */
  readonly collection: SharedCollection;
  readonly prometheus: boolean;
  readonly push: readonly PushReader[];
  readonly all: readonly MetricReader[];
  readonly exportIntervalMillis: number;
  readonly exportTimeoutMillis: number;
}

/**
 * One shared collection for every configured backend (lib/sdk/shared-collection.ts explains
 * why not one reader each); the push exporters are started with `startPush` once the provider
 * holds the collection. The OTLP exporter comes from its optional package, loaded beforehand
 * (push-exporters.ts).
 */
export function buildReaders(names: readonly MetricsExporterName[], otlp: OtlpOptions = {}, otlpExporter?: PushMetricExporter): Readers {
  const push: PushReader[] = [];
  for (const name of names) {
    if (name === 'otlp' && otlpExporter) push.push({ name, exporter: new TrackedExporter(otlpExporter) });
    if (name === 'console') push.push({ name, exporter: new TrackedExporter(new ConsoleMetricExporter()) });
  }
  const prometheus = names.includes('prometheus');
  const collection = new SharedCollection(
    sharedTemporality(
      prometheus,
      push.map((p) => p.exporter),
    ),
  );
  const { exportIntervalMillis, exportTimeoutMillis } = resolveOtlp(otlp);
  return { names, collection, prometheus, push, all: [collection], exportIntervalMillis, exportTimeoutMillis };
}

/** Starts the periodic push of the shared collection (after the provider registered it). */
export function startPush(readers: Readers): PeriodicExportingMetricReader | undefined {
  if (readers.push.length === 0) return undefined;
  return periodicPush(
    readers.collection,
    readers.push.map((p) => p.exporter),
    readers.exportIntervalMillis,
    readers.exportTimeoutMillis,
  );
}

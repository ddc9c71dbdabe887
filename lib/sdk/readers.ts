import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { ConsoleMetricExporter, PeriodicExportingMetricReader, type MetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { DEFAULT_EXPORT_INTERVAL_MS, DEFAULT_EXPORT_TIMEOUT_MS, type MetricsExporterName, type OtlpOptions } from '../config/types.js';
import { TrackedExporter } from './export-tracker.js';

export interface PushReader {
  readonly name: Exclude<MetricsExporterName, 'prometheus' | 'none'>;
  readonly reader: PeriodicExportingMetricReader;
  readonly exporter: TrackedExporter;
}

export interface Readers {
  readonly names: readonly MetricsExporterName[];
  readonly prometheus: PrometheusExporter | undefined;
  readonly push: readonly PushReader[];
  readonly all: readonly MetricReader[];
}

/**
 * One reader per configured exporter; the Prometheus one is pulled by our own HTTP server.
 * The OTLP exporter comes from its optional package, loaded beforehand (push-exporters.ts).
 */
export function buildReaders(names: readonly MetricsExporterName[], otlp: OtlpOptions = {}, otlpExporter?: PushMetricExporter): Readers {
  const prometheus = names.includes('prometheus') ? new PrometheusExporter({ preventServerStart: true }) : undefined;
  const push: PushReader[] = [];
  for (const name of names) {
    if (name === 'otlp' && otlpExporter) push.push(periodic('otlp', otlpExporter, otlp));
    if (name === 'console') push.push(periodic('console', new ConsoleMetricExporter(), otlp));
  }
  const all: MetricReader[] = [...(prometheus ? [prometheus] : []), ...push.map((p) => p.reader)];
  return { names, prometheus, push, all };
}

function periodic(name: PushReader['name'], inner: PushMetricExporter, otlp: OtlpOptions): PushReader {
  const exporter = new TrackedExporter(inner);
  const exportIntervalMillis = otlp.exportIntervalMillis ?? DEFAULT_EXPORT_INTERVAL_MS;
  // The SDK requires timeout ≤ interval.
  const exportTimeoutMillis = Math.min(otlp.exportTimeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MS, exportIntervalMillis);
  return { name, exporter, reader: new PeriodicExportingMetricReader({ exporter, exportIntervalMillis, exportTimeoutMillis }) };
}

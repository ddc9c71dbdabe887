import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPMetricExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OtlpProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { ConsoleMetricExporter, PeriodicExportingMetricReader, type MetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { createRequire } from 'node:module';
import {
  DEFAULT_EXPORT_INTERVAL_MS,
  DEFAULT_EXPORT_TIMEOUT_MS,
  DEFAULT_OTLP_GRPC_ENDPOINT,
  DEFAULT_OTLP_HTTP_ENDPOINT,
  type MetricsExporterName,
  type OtlpOptions,
} from '../config/types.js';
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

/** One reader per configured exporter; the Prometheus one is pulled by our own HTTP server. */
export function buildReaders(names: readonly MetricsExporterName[], otlp: OtlpOptions = {}): Readers {
  const prometheus = names.includes('prometheus') ? new PrometheusExporter({ preventServerStart: true }) : undefined;
  const push: PushReader[] = [];
  for (const name of names) {
    if (name === 'otlp') push.push(periodic('otlp', otlpExporter(otlp), otlp));
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

function otlpExporter(otlp: OtlpOptions): PushMetricExporter {
  const headers = { ...otlp.headers };
  const timeoutMillis = otlp.exportTimeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MS;
  switch (otlp.protocol ?? 'http/protobuf') {
    case 'http/json':
      return new OtlpHttpJsonExporter({ url: otlp.endpoint ?? DEFAULT_OTLP_HTTP_ENDPOINT, headers, timeoutMillis });
    case 'grpc':
      return grpcExporter(otlp.endpoint ?? DEFAULT_OTLP_GRPC_ENDPOINT, headers, timeoutMillis);
    default:
      return new OtlpProtoExporter({ url: otlp.endpoint ?? DEFAULT_OTLP_HTTP_ENDPOINT, headers, timeoutMillis });
  }
}

/** gRPC pulls in @grpc/grpc-js; load it only when asked for. */
function grpcExporter(url: string, headers: Record<string, string>, timeoutMillis: number): PushMetricExporter {
  const { OTLPMetricExporter } = createRequire(import.meta.url)('@opentelemetry/exporter-metrics-otlp-grpc') as typeof import('@opentelemetry/exporter-metrics-otlp-grpc');
  const { Metadata } = createRequire(import.meta.url)('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return new OTLPMetricExporter({ url, metadata, timeoutMillis });
}

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
 * holds the collection.
 */
export function buildReaders(names: readonly MetricsExporterName[], otlp: OtlpOptions = {}): Readers {
  const push: PushReader[] = [];
  for (const name of names) {
    if (name === 'otlp') push.push({ name, exporter: new TrackedExporter(otlpExporter(otlp)) });
    if (name === 'console') push.push({ name, exporter: new TrackedExporter(new ConsoleMetricExporter()) });
  }
  const prometheus = names.includes('prometheus');
  const collection = new SharedCollection(sharedTemporality(prometheus, push.map((p) => p.exporter)));
  const exportIntervalMillis = otlp.exportIntervalMillis ?? DEFAULT_EXPORT_INTERVAL_MS;
  // The SDK requires timeout ≤ interval.
  const exportTimeoutMillis = Math.min(otlp.exportTimeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MS, exportIntervalMillis);
  return { names, collection, prometheus, push, all: [collection], exportIntervalMillis, exportTimeoutMillis };
}

/** Starts the periodic push of the shared collection (after the provider registered it). */
export function startPush(readers: Readers): PeriodicExportingMetricReader | undefined {
  if (readers.push.length === 0) return undefined;
  return periodicPush(readers.collection, readers.push.map((p) => p.exporter), readers.exportIntervalMillis, readers.exportTimeoutMillis);
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

import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { TelemetryConfigError } from '../config/errors.js';
import { resolveOtlp } from '../config/defaults.js';
import { type MetricsExporterName, type OtlpOptions, type OtlpProtocol, type TracesExporterName } from '../config/types.js';
import type { TelemetryOptions } from '../config/options.js';

/**
 * The OTLP exporters are optional peer dependencies: a Prometheus-only bot installs none of
 * them (no gRPC, no protobuf). They are imported only when selected, on this release train.
 */
export const OTEL_TRAIN = '0.223.0';
export const GRPC_JS_RANGE = '^1.14.3';

const METRIC_PACKAGES: Record<OtlpProtocol, readonly string[]> = {
  'http/protobuf': ['@opentelemetry/exporter-metrics-otlp-proto'],
  'http/json': ['@opentelemetry/exporter-metrics-otlp-http'],
  grpc: ['@opentelemetry/exporter-metrics-otlp-grpc', '@grpc/grpc-js'],
};
export const TRACE_PACKAGE = '@opentelemetry/exporter-trace-otlp-proto';

/** A selected exporter whose package is not installed; names the packages and the install command. */
export class TelemetryMissingPackageError extends TelemetryConfigError {
  constructor(
    readonly signal: 'metrics' | 'traces',
    readonly exporter: string,
    readonly packages: readonly string[],
    cause: unknown,
    /** The same exporter lists without the missing one, for a caller that runs on without it. */
    readonly without: Pick<TelemetryOptions, 'metricsExporters' | 'tracesExporters'> = {},
  ) {
    const install = packages.map((p) => (p === '@grpc/grpc-js' ? `${p}@${GRPC_JS_RANGE}` : `${p}@${OTEL_TRAIN}`)).join(' ');
    super(`the ${signal} exporter "${exporter}" needs ${packages.join(' and ')}, which is not installed: npm i ${install}`);
    this.name = 'TelemetryMissingPackageError';
    this.cause = cause;
  }
}

/** The OTLP metric exporter for `otlp.protocol` (default http/protobuf), imported on demand. */
export async function loadPushExporter(given: OtlpOptions = {}): Promise<PushMetricExporter> {
  const otlp = resolveOtlp(given);
  const { protocol, endpoint: url, exportTimeoutMillis: timeoutMillis } = otlp;
  const packages = METRIC_PACKAGES[protocol];
  const headers = { ...otlp.headers };
  const fail = (error: unknown): never => {
    throw notFound(error) ? new TelemetryMissingPackageError('metrics', `otlp (${protocol})`, packages, error) : error;
  };
  switch (protocol) {
    case 'http/json': {
      const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http').catch(fail);
      return new OTLPMetricExporter({ url, headers, timeoutMillis });
    }
    case 'grpc': {
      const [{ OTLPMetricExporter }, { Metadata }] = await Promise.all([
        import('@opentelemetry/exporter-metrics-otlp-grpc'),
        import('@grpc/grpc-js'),
      ]).catch(fail);
      const metadata = new Metadata();
      for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
      return new OTLPMetricExporter({ url, metadata, timeoutMillis });
    }
    default: {
      const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-proto').catch(fail);
      return new OTLPMetricExporter({ url, headers, timeoutMillis });
    }
  }
}

/** The OTLP span exporter (configured by the standard OTEL_EXPORTER_OTLP_* variables), imported on demand. */
export async function loadTraceExporter(): Promise<SpanExporter> {
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto').catch((error: unknown) => {
    throw notFound(error) ? new TelemetryMissingPackageError('traces', 'otlp', [TRACE_PACKAGE], error) : error;
  });
  return new OTLPTraceExporter();
}

/** A package (or one it needs) that is not installed; any other load failure is reported as is. */
function notFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

export interface OptionalExporters {
  readonly metrics?: PushMetricExporter;
  readonly traces?: SpanExporter;
}

/** True when a selected exporter lives in an optional package (so loading it needs an await). */
export function needsOptionalExporters(metrics: readonly MetricsExporterName[], traces: readonly TracesExporterName[]): boolean {
  return metrics.includes('otlp') || traces.includes('otlp');
}

/** Imports every selected optional exporter; rejects with TelemetryMissingPackageError for a missing one. */
export async function loadOptionalExporters(
  metrics: readonly MetricsExporterName[],
  traces: readonly TracesExporterName[],
  otlp?: OtlpOptions,
): Promise<OptionalExporters> {
  const withoutOtlp = (error: unknown, without: TelemetryMissingPackageError['without']): never => {
    if (!(error instanceof TelemetryMissingPackageError)) throw error;
    throw new TelemetryMissingPackageError(error.signal, error.exporter, error.packages, error.cause, without);
  };
  const [metricsExporter, tracesExporter] = await Promise.all([
    metrics.includes('otlp')
      ? loadPushExporter(otlp).catch((e: unknown) => withoutOtlp(e, { metricsExporters: metrics.filter((n) => n !== 'otlp') }))
      : undefined,
    traces.includes('otlp')
      ? loadTraceExporter().catch((e: unknown) => withoutOtlp(e, { tracesExporters: traces.filter((n) => n !== 'otlp') }))
      : undefined,
  ]);
  return { ...(metricsExporter ? { metrics: metricsExporter } : {}), ...(tracesExporter ? { traces: tracesExporter } : {}) };
}

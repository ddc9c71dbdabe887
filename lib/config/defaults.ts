import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import type { BuiltinHealthOptions, MetricsCompression, TelemetryLogger, TelemetryOptions } from './options.js';
import { LABEL_RULES } from '../labels/label-rules.js';
import { libraryVersion, mainPackageVersion } from './package-info.js';
import type { ResourceOptions } from './options.js';
import type { MetricsExporterName, OtlpOptions, OtlpProtocol, TracesExporterName } from './types.js';

/*
 * The default of every option, in one place (TelemetryOptions documents each); `withDefaults`
 * fills them in. Features import these; nothing here imports a feature. Components used on their
 * own (tests, benches) default their parameters to these constants.
 */

/** Bind address of `/metrics` and `/health`; `0.0.0.0` so a Prometheus container can scrape. */
export const DEFAULT_HOST = '0.0.0.0';
/** The design fixes 8000 (not OTel's 9464). */
export const DEFAULT_PORT = 8000;
/** The telemetry server's two routes; capture also uses them: a request to one is a scrape, never a DMarket call. */
export const METRICS_PATH = '/metrics';
export const HEALTH_PATH = '/health';
export const DEFAULT_SERVICE_NAME = 'dmarket-bot';
/** Most series any one metric exports; later ones fold into `other`. */
export const DEFAULT_SERIES_LIMIT = 1000;
export const DEFAULT_METRICS_COMPRESSION: MetricsCompression = 'gzip';
/** A `/health` check that has not answered within this many ms fails. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2000;
/** p99 event-loop delay above which `/health` reports degraded. */
export const DEFAULT_EVENT_LOOP_DELAY_MS = 200;
export const DEFAULT_EVENT_LOOP_WINDOW_SECONDS = 60;
export const DEFAULT_DMARKET_DEGRADED_AFTER_SECONDS = 300;
/** `false`: `dmarket_api` only ever degrades, it never fails `/health` unless asked to. */
export const DEFAULT_DMARKET_FAIL_AFTER_SECONDS = false;
/** `startTelemetry()` is the process's instance (static calls, capture, global meter provider). */
export const DEFAULT_REGISTER_GLOBAL = true;
export const DEFAULT_METRICS_EXPORTERS: readonly MetricsExporterName[] = ['prometheus'];
export const DEFAULT_TRACES_EXPORTERS: readonly TracesExporterName[] = [];
export const DEFAULT_OTLP_PROTOCOL: OtlpProtocol = 'http/protobuf';
export const DEFAULT_OTLP_HTTP_ENDPOINT = 'http://localhost:4318/v1/metrics';
export const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://localhost:4317';
/** Push interval; OTel's default. */
export const DEFAULT_EXPORT_INTERVAL_MS = 60_000;
export const DEFAULT_EXPORT_TIMEOUT_MS = 30_000;

/** Distinct values kept per free-form label before `other` (the label rules' caps; `labelCaps` overrides). */
export const DEFAULT_LABEL_CAPS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(LABEL_RULES).flatMap(([label, rule]) => (rule.cap === undefined ? [] : [[label, rule.cap]])),
);

/**
 * `service.version`: the running package's (`npm_package_version` from the `env` option, set by
 * `npm start`; else the nearest package.json above the main module), else this library's.
 */
export function serviceVersion(options: ResourceOptions & Pick<TelemetryOptions, 'env'>): string {
  const env = options.env ?? process.env;
  return (
    options.serviceVersion ??
    attribute(options, 'service.version') ??
    env['npm_package_version'] ??
    mainPackageVersion() ??
    libraryVersion()
  );
}

/** The DMarket API host the bot talks to unless told otherwise. */
export const DEFAULT_DMARKET_HOSTS = ['api.dmarket.com'] as const;

/** The configured DMarket hosts, or api.dmarket.com plus the bot's own `DMARKET_API_URL`. */
export function dmarketHosts(options: Pick<TelemetryOptions, 'dmarketHosts' | 'env'>): readonly string[] {
  if (options.dmarketHosts) return options.dmarketHosts;
  const fromEnv = (options.env ?? process.env)['DMARKET_API_URL'];
  return fromEnv ? [...DEFAULT_DMARKET_HOSTS, fromEnv] : DEFAULT_DMARKET_HOSTS;
}

/** The options with every default filled in: what `startTelemetry()` and the features read. */
export interface ResolvedOptions extends TelemetryOptions {
  readonly host: string;
  readonly port: number;
  readonly registerGlobal: boolean;
  readonly metricsExporters: readonly MetricsExporterName[];
  readonly tracesExporters: readonly TracesExporterName[];
  readonly runtimeMetrics: boolean;
  readonly autoInstrument: boolean;
  readonly traces: boolean;
  readonly dmarketHosts: readonly string[];
  readonly seriesLimit: number;
  readonly metricsCompression: MetricsCompression;
  readonly healthCheckTimeoutMs: number;
  readonly handleSignals: boolean;
  readonly otlp: ResolvedOtlp;
  readonly serviceName: string;
  readonly serviceVersion: string;
  readonly serviceInstanceId: string;
  readonly healthChecks: Required<BuiltinHealthOptions>;
}

export function withDefaults(options: TelemetryOptions): ResolvedOptions {
  const checks = options.healthChecks ?? {};
  return {
    ...options,
    host: options.host ?? DEFAULT_HOST,
    port: options.port ?? DEFAULT_PORT,
    registerGlobal: registersGlobal(options),
    metricsExporters: options.metricsExporters ?? DEFAULT_METRICS_EXPORTERS,
    tracesExporters: options.tracesExporters ?? DEFAULT_TRACES_EXPORTERS,
    runtimeMetrics: options.runtimeMetrics ?? true,
    autoInstrument: options.autoInstrument ?? true,
    traces: options.traces ?? tracesByDefault(options.tracesExporters ?? DEFAULT_TRACES_EXPORTERS),
    dmarketHosts: dmarketHosts(options),
    seriesLimit: options.seriesLimit ?? DEFAULT_SERIES_LIMIT,
    metricsCompression: options.metricsCompression ?? DEFAULT_METRICS_COMPRESSION,
    healthCheckTimeoutMs: options.healthCheckTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    handleSignals: options.handleSignals ?? false,
    otlp: resolveOtlp(options.otlp),
    serviceName: serviceName(options),
    serviceVersion: serviceVersion(options),
    serviceInstanceId: serviceInstanceId(options),
    healthChecks: {
      eventLoopDelayMs: checks.eventLoopDelayMs ?? DEFAULT_EVENT_LOOP_DELAY_MS,
      eventLoopWindowSeconds: checks.eventLoopWindowSeconds ?? DEFAULT_EVENT_LOOP_WINDOW_SECONDS,
      dmarketDegradedAfterSeconds: checks.dmarketDegradedAfterSeconds ?? DEFAULT_DMARKET_DEGRADED_AFTER_SECONDS,
      dmarketFailAfterSeconds: checks.dmarketFailAfterSeconds ?? DEFAULT_DMARKET_FAIL_AFTER_SECONDS,
    },
  };
}

/** OTLP push settings with their defaults; the push exporters and readers read these. */
export interface ResolvedOtlp extends OtlpOptions {
  readonly protocol: OtlpProtocol;
  readonly endpoint: string;
  readonly exportIntervalMillis: number;
  readonly exportTimeoutMillis: number;
}

export function resolveOtlp(otlp: OtlpOptions = {}): ResolvedOtlp {
  const protocol = otlp.protocol ?? DEFAULT_OTLP_PROTOCOL;
  const exportIntervalMillis = otlp.exportIntervalMillis ?? DEFAULT_EXPORT_INTERVAL_MS;
  return {
    ...otlp,
    protocol,
    endpoint: otlp.endpoint ?? (protocol === 'grpc' ? DEFAULT_OTLP_GRPC_ENDPOINT : DEFAULT_OTLP_HTTP_ENDPOINT),
    exportIntervalMillis,
    // The SDK requires timeout ≤ interval.
    exportTimeoutMillis: Math.min(otlp.exportTimeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MS, exportIntervalMillis),
  };
}

/** `service.name`: the option (OTEL_SERVICE_NAME) > `service.name` in the resource attributes > the default. */
export function serviceName(options: ResourceOptions): string {
  return options.serviceName ?? attribute(options, 'service.name') ?? DEFAULT_SERVICE_NAME;
}

/** `service.instance.id`: the option > the resource attribute > a random UUID for this process's instance. */
export function serviceInstanceId(options: ResourceOptions): string {
  return options.serviceInstanceId ?? attribute(options, 'service.instance.id') ?? randomUUID();
}

function attribute(options: ResourceOptions, key: string): string | undefined {
  const value = options.resourceAttributes?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** Whether a start is the process's global instance (decided before the options are resolved). */
export function registersGlobal(options: Pick<TelemetryOptions, 'registerGlobal'>): boolean {
  return options.registerGlobal ?? DEFAULT_REGISTER_GLOBAL;
}

/** The given logger when it has a `warn` function (checked again by validation), else the console. */
export function loggerOf(options: Pick<TelemetryOptions, 'logger'> | undefined): TelemetryLogger {
  return typeof options?.logger?.warn === 'function' ? options.logger : console;
}

/** Client spans default to on when this layer exports traces (it registers the provider) or the app registered one. */
function tracesByDefault(exporters: readonly TracesExporterName[]): boolean {
  return exporters.some((name) => name !== 'none') || tracerProviderRegistered();
}

/** The app registered a global TracerProvider (the API's proxy has a delegate). */
function tracerProviderRegistered(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer('dmarket-bot-telemetry') !== undefined;
}

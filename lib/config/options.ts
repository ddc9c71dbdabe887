import type { Attributes } from '@opentelemetry/api';
import type { HistogramName } from '../catalog.js';
import type { LabelName } from '../labels/label-names.js';
import type { MetricsExporterName, OtlpOptions, TracesExporterName } from './types.js';

/*
 * Every option of the layer and its section types live here, in the lowest layer that knows
 * about configuration: the features import their option types from config/, never the reverse.
 */

export interface ResourceOptions {
  readonly serviceName?: string;
  readonly serviceVersion?: string;
  readonly serviceInstanceId?: string;
  readonly resourceAttributes?: Attributes;
}

export interface MetricsCollectorOptions {
  /** Caps on distinct values per free-form label (command, endpoint, error_type, …). */
  readonly labelCaps?: Partial<Record<LabelName, number>>;
  /** Extra endpoint route templates, e.g. `/my-proxy/v1/items/{id}`. */
  readonly endpointTemplates?: readonly string[];
}

/** Histogram bucket overrides, by metric name (seconds for durations). */
export type BucketOverrides = Partial<Record<HistogramName, readonly number[]>>;

/** Optional protection of `/metrics` (Prometheus supports both in `scrape_configs`). */
export interface MetricsAuth {
  /** `Authorization: Bearer <token>` (Prometheus: `authorization: { credentials_file: … }`). */
  readonly bearerToken?: string;
  /** `Authorization: Basic …` (Prometheus: `basic_auth: { username, password_file }`). */
  readonly username?: string;
  readonly password?: string;
  /** Also require it on `/health`; default false so probes stay simple. */
  readonly protectHealth?: boolean;
}

/**
 * `gzip`: compress for clients that accept it once the body reaches `GZIP_MIN_BYTES`;
 * `none`: always plain. See docs/performance.md for the measurements behind the default.
 */
export type MetricsCompression = 'gzip' | 'none';

export interface BuiltinHealthOptions {
  /** p99 event-loop delay (ms) over the last minute above which the bot is degraded. Default 200; false: off. */
  readonly eventLoopDelayMs?: number | false;
  /** How far back the event-loop check looks, in seconds. Default 60. */
  readonly eventLoopWindowSeconds?: number;
  /** Seconds without a successful DMarket response (once requests were made) → degraded. Default 300; false: off. */
  readonly dmarketDegradedAfterSeconds?: number | false;
  /** Seconds without a successful DMarket response → fail (503). Default off: a restart cannot fix DMarket. */
  readonly dmarketFailAfterSeconds?: number | false;
}

/** Where operational messages of the layer go (listen failures in "continue" mode). */
export interface TelemetryLogger {
  warn(message: string): void;
}

export interface TelemetryOptions extends ResourceOptions, MetricsCollectorOptions {
  /** Bind address of `/metrics` and `/health`; `0.0.0.0` so a Prometheus container can scrape. */
  readonly host?: string;
  /** Port of `/metrics` and `/health`; the design fixes 8000. 0 picks a free port (tests). */
  readonly port?: number;
  /** Most series (label sets) any one metric exports; later ones fold into `other`. Default 1000. */
  readonly seriesLimit?: number;
  /** Histogram bucket overrides, in seconds, by metric name. */
  readonly buckets?: BucketOverrides;
  /**
   * What to do when the port cannot be bound: `throw` rejects `startTelemetry` (default);
   * `continue` logs and runs without the endpoint, metrics still recorded.
   */
  readonly onListenError?: 'throw' | 'continue';
  /** Make this the global OTel MeterProvider and the target of the static MetricsCollector calls. Default true. */
  readonly registerGlobal?: boolean;
  readonly logger?: TelemetryLogger;
  /**
   * Capture DMarket API requests made with `http`, `https`, `fetch` and undici with no manual
   * calls. Default true. While on, manual `recordApiRequest` calls for DMarket routes are ignored.
   */
  readonly autoInstrument?: boolean;
  /**
   * Hosts whose requests count as DMarket API calls (`host`, `host:port` or a URL). Default
   * `api.dmarket.com`, plus the host of `DMARKET_API_URL` when that variable is set.
   */
  readonly dmarketHosts?: readonly string[];
  /**
   * Client spans for DMarket requests (named and tagged with the route template) through the
   * OTel http and undici instrumentations. Default: on when a global TracerProvider is already
   * registered. Metrics do not depend on it.
   */
  readonly traces?: boolean;
  /**
   * Span exporters for those client spans when the app registered no TracerProvider:
   * `otlp`, `console` (also `OTEL_TRACES_EXPORTER`). Default none.
   */
  readonly tracesExporters?: readonly TracesExporterName[];
  /**
   * Which metric readers run: `prometheus` (pull on :8000, default), `otlp` (periodic push),
   * `console`; several at once; empty for none. Also `OTEL_METRICS_EXPORTER`.
   */
  readonly metricsExporters?: readonly MetricsExporterName[];
  /** OTLP push settings (also `OTEL_EXPORTER_OTLP_*`, `OTEL_METRIC_EXPORT_*`). */
  readonly otlp?: OtlpOptions;
  /** Turns the whole layer into no-ops (also `OTEL_SDK_DISABLED=true`). */
  readonly disabled?: boolean;
  /** An OpenTelemetry declarative configuration file (also `OTEL_CONFIG_FILE`). */
  readonly configFile?: string;
  /**
   * Where `OTEL_*` variables are read from; default `process.env`. Pass `{}` to ignore the
   * environment (tests, or a bot that configures everything in code).
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Bearer or basic auth on `/metrics` (and optionally `/health`). Also
   * `DMARKET_TELEMETRY_METRICS_BEARER_TOKEN` or `DMARKET_TELEMETRY_METRICS_BASIC_AUTH=user:password`.
   */
  readonly metricsAuth?: MetricsAuth;
  /**
   * Shut telemetry down on SIGTERM/SIGINT (last OTLP push, server closed, within 5 s), then let
   * the signal do what it would have done. Default false: call `shutdown()` yourself.
   */
  readonly handleSignals?: boolean;
  /**
   * `gzip` (default): `/metrics` bodies of 8 KiB and more are gzipped for clients that send
   * `Accept-Encoding: gzip` (Prometheus does); `none`: always plain text.
   */
  readonly metricsCompression?: MetricsCompression;
  /** Node runtime metrics (event-loop delay, heap, GC, CPU, RSS, active resources). Default true. */
  readonly runtimeMetrics?: boolean;
  /**
   * Built-in `/health` checks: `event_loop` (p99 delay → degraded) and `dmarket_api` (no
   * successful DMarket response for a while → degraded, optionally fail).
   */
  readonly healthChecks?: BuiltinHealthOptions;
  /** A `/health` check that has not answered within this many ms fails. Default 2000. */
  readonly healthCheckTimeoutMs?: number;
}

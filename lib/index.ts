/*
 * The public API. Everything a bot author needs and nothing else: internals are imported by
 * path inside this repository only. spec/architecture/public-api.spec.ts snapshots both the
 * names exported at run time and the published .d.ts surface, so a change here is deliberate.
 */

// Start and stop.
export { startTelemetry } from './start.js';
export { preloadedTelemetry } from './preload.js';
export { runPrometheusServer } from './seed-compat.js';
export type { TelemetryHandle } from './handle.js';

// Recording: the seed's static calls and the instance on `handle.metrics`.
export { MetricsCollector } from './recording/metrics-collector.js';
export type {
  ApiRequestRecord,
  ArbitrageScanRecord,
  CacheOptions,
  CommandOptions,
  CommandStatus,
  GameRecord,
  RateLimitOptions,
  TradeRecord,
  UpdateOptions,
} from './recording/types.js';

// Options (every one is described on TelemetryOptions).
export type {
  BucketOverrides,
  BuiltinHealthOptions,
  MetricsAuth,
  MetricsCollectorOptions,
  MetricsCompression,
  ResourceOptions,
  TelemetryLogger,
  TelemetryOptions,
} from './config/options.js';
export type { MetricsExporterName, OtlpOptions, OtlpProtocol, TracesExporterName } from './config/types.js';

// Errors, each with a message that names the option, address or package.
export { TelemetryConfigError } from './config/errors.js';
export { TelemetryListenError } from './server/listen-error.js';
export { TelemetryMissingPackageError } from './sdk/push-exporters.js';

// /health: the registry on `handle.health` and a check for your own jobs.
export { freshnessCheck } from './server/health.js';
export type {
  CheckReport,
  CheckStatus,
  HealthCheck,
  HealthCheckResult,
  HealthRegistry,
  HealthReport,
  TelemetryStatus,
} from './server/health.js';

// The exported metrics (names, labels, buckets): the contract dashboards and alerts rely on.
export {
  CATALOG,
  getMetricSpec,
  type CounterName,
  type GaugeName,
  type HistogramName,
  type LabelsOf,
  type MetricKind,
  type MetricName,
  type MetricSpec,
} from './catalog.js';
export { RUNTIME_METRICS, type RuntimeMetricSpec } from './runtime/runtime-catalog.js';

// Label values a bot passes, and the value anything outside a bounded set becomes.
export { GAMES } from './labels/games.js';
export { OTHER, type LabelName } from './labels/label-names.js';
export { ARBITRAGE_LEVELS, TRADE_TYPES, type ActiveUserWindow, type DropReason } from './labels/label-values.js';

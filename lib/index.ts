export { startTelemetry } from './start.js';
export type { TelemetryHandle } from './handle.js';
export { runPrometheusServer } from './seed-compat.js';
export { preload, preloadedTelemetry } from './preload.js';
export { optionsFromEnv, TelemetryConfigError } from './config/env.js';
export { TelemetryMissingPackageError } from './sdk/push-exporters.js';
export { optionsFromFile } from './config/file.js';
export { METRICS_EXPORTERS, OTLP_PROTOCOLS, type MetricsExporterName, type OtlpOptions, type OtlpProtocol } from './config/types.js';
export { DEFAULT_HOST, DEFAULT_PORT, type TelemetryLogger, type TelemetryOptions } from './config/options.js';
export { MetricsCollector } from './recording/singleton.js';
export { MetricsCollectorCore, type MetricsCollectorOptions } from './recording/metrics-collector.js';
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
export {
  API_DURATION_BUCKETS,
  CATALOG,
  COMMAND_DURATION_BUCKETS,
  SCAN_DURATION_BUCKETS,
  getMetricSpec,
  type CounterName,
  type GaugeName,
  type HistogramName,
  type LabelsOf,
  type MetricKind,
  type MetricName,
  type MetricSpec,
} from './catalog.js';
export { catalogViews } from './sdk/views.js';
export type { BucketOverrides } from './sdk/instruments.js';
export { LABEL_NAMES, OTHER, type LabelName } from './labels/label-names.js';
export { GAMES, normalizeGame } from './labels/games.js';
export { ARBITRAGE_LEVELS, DROP_REASONS, REQUEST_ERROR_KINDS, TRADE_TYPES, UPDATE_TYPES, type DropReason } from './labels/label-values.js';
export { normalizeCommand } from './labels/label-rules.js';
export { ActiveUsers, ACTIVE_USER_WINDOWS, type ActiveUserWindow } from './active-users/sliding-windows.js';
export { DMARKET_ROUTES, type DmarketRoute } from './dmarket/routes.js';
export { EndpointTemplater } from './labels/endpoint-label.js';
export { freshnessCheck, HealthRegistry, type CheckReport, type HealthCheck, type HealthCheckResult, type HealthReport, type TelemetryStatus } from './server/health.js';
export { PROMETHEUS_CONTENT_TYPE, type MetricsCompression } from './server/exposition.js';
export { PrometheusTextSerializer } from './prometheus/text-serializer.js';
export { TelemetryListenError } from './server/listen-error.js';
export { RUNTIME_METRICS, GC_DURATION_BUCKETS, type RuntimeMetricSpec } from './runtime/runtime-catalog.js';
export type { BuiltinHealthOptions } from './server/builtin-checks.js';
export type { CheckStatus } from './server/health.js';

/**
 * The metric catalog: the single source of truth for every exported metric.
 * Instruments, views, the README table and the exposition tests are derived from it.
 * Adding a metric is one entry here.
 */
import type { LabelName } from './labels/label-names.js';

export type MetricKind = 'counter' | 'gauge' | 'histogram';

export interface MetricSpec {
  /** Exact Prometheus name; also the OTel instrument name, so no exporter renames it. */
  readonly name: string;
  readonly kind: MetricKind;
  /** UCUM unit; `{…}` annotations are dropped by Prometheus translators, so names stay stable. */
  readonly unit: string;
  readonly help: string;
  /** The only attributes a view lets through, in exposition order. */
  readonly labels: readonly LabelName[];
  /** Histogram bucket upper bounds, in the metric's unit (seconds for durations). */
  readonly buckets?: readonly number[];
  /** Self-metrics describe the telemetry layer, not the bot. */
  readonly self?: boolean;
}

export const API_DURATION_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;
export const SCAN_DURATION_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] as const;
/** Telegram handlers: a quick reply is tens of ms; a scan triggered by a command can take 30 s. */
export const COMMAND_DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

export const CATALOG = [
  {
    name: 'dmarket_bot_commands_total',
    kind: 'counter',
    unit: '{command}',
    help: 'Telegram commands handled by the bot.',
    labels: ['command', 'status'],
  },
  {
    name: 'dmarket_bot_api_requests_total',
    kind: 'counter',
    unit: '{request}',
    help: 'Requests made to the DMarket HTTP API.',
    labels: ['endpoint', 'method', 'status'],
  },
  {
    name: 'dmarket_bot_errors_total',
    kind: 'counter',
    unit: '{error}',
    help: 'Errors raised inside the bot, by type and module.',
    labels: ['error_type', 'module'],
  },
  {
    name: 'dmarket_bot_arbitrage_scans_total',
    kind: 'counter',
    unit: '{scan}',
    help: 'Arbitrage scans completed.',
    labels: ['level', 'game'],
  },
  {
    name: 'dmarket_bot_arbitrage_opportunities_found_total',
    kind: 'counter',
    unit: '{opportunity}',
    help: 'Arbitrage opportunities found by scans.',
    labels: ['level', 'game'],
  },
  {
    name: 'dmarket_bot_targets_created_total',
    kind: 'counter',
    unit: '{target}',
    help: 'Targets (buy orders) created on DMarket.',
    labels: ['game'],
  },
  {
    name: 'dmarket_bot_targets_hit_total',
    kind: 'counter',
    unit: '{target}',
    help: 'Targets (buy orders) that were filled.',
    labels: ['game'],
  },
  { name: 'dmarket_bot_trades_total', kind: 'counter', unit: '{trade}', help: 'Trades executed, by type.', labels: ['type', 'game'] },
  {
    name: 'dmarket_bot_trade_volume_usd_total',
    kind: 'counter',
    unit: '{USD}',
    help: 'Traded volume in US dollars.',
    labels: ['type', 'game'],
  },
  {
    name: 'dmarket_bot_active_users',
    kind: 'gauge',
    unit: '{user}',
    help: 'Distinct users active in the bot over the window (5m, 1h, 24h).',
    labels: ['window'],
  },
  { name: 'dmarket_bot_active_targets', kind: 'gauge', unit: '{target}', help: 'Targets (buy orders) currently open.', labels: ['game'] },
  { name: 'dmarket_bot_balance_usd', kind: 'gauge', unit: '{USD}', help: 'DMarket account balance in US dollars.', labels: [] },
  { name: 'dmarket_bot_cache_size', kind: 'gauge', unit: '{entry}', help: 'Entries held in each bot cache.', labels: ['cache_type'] },
  {
    name: 'dmarket_bot_api_rate_limit_remaining',
    kind: 'gauge',
    unit: '{request}',
    help: 'Requests left in the current DMarket rate-limit window (X-RateLimit-Remaining; 0 after a 429).',
    labels: ['scope'],
  },
  {
    name: 'dmarket_bot_api_rate_limit_limit',
    kind: 'gauge',
    unit: '{request}',
    help: 'Size of the DMarket rate-limit window (X-RateLimit-Limit).',
    labels: ['scope'],
  },
  {
    name: 'dmarket_bot_updates_total',
    kind: 'counter',
    unit: '{update}',
    help: 'Telegram updates received, by update type (commands as command).',
    labels: ['update_type'],
  },
  {
    name: 'dmarket_bot_command_duration_seconds',
    kind: 'histogram',
    unit: 's',
    help: 'Time a Telegram command handler took, from update to handler done.',
    labels: ['command'],
    buckets: COMMAND_DURATION_BUCKETS,
  },
  {
    name: 'dmarket_bot_api_request_duration_seconds',
    kind: 'histogram',
    unit: 's',
    help: 'DMarket API request latency, from request start to response headers.',
    labels: ['endpoint', 'method'],
    buckets: API_DURATION_BUCKETS,
  },
  {
    name: 'dmarket_bot_arbitrage_scan_duration_seconds',
    kind: 'histogram',
    unit: 's',
    help: 'Duration of one arbitrage scan.',
    labels: ['level', 'game'],
    buckets: SCAN_DURATION_BUCKETS,
  },
  {
    name: 'dmarket_bot_telemetry_series_overflow_total',
    kind: 'counter',
    unit: '{recording}',
    help: 'Recordings folded into the overflow series because their metric reached its series limit.',
    labels: ['metric'],
    self: true,
  },
  {
    name: 'dmarket_bot_telemetry_dropped_total',
    kind: 'counter',
    unit: '{recording}',
    help: 'Recordings dropped by the telemetry layer because a value was invalid.',
    labels: ['reason'],
    self: true,
  },
] as const satisfies readonly MetricSpec[];

export type MetricName = (typeof CATALOG)[number]['name'];
export type CatalogEntry = (typeof CATALOG)[number];
export type HistogramName = Extract<CatalogEntry, { kind: 'histogram' }>['name'];
export type CounterName = Extract<CatalogEntry, { kind: 'counter' }>['name'];
export type GaugeName = Extract<CatalogEntry, { kind: 'gauge' }>['name'];

/** Label names of one metric, as a union type. */
export type LabelsOf<N extends MetricName> = Extract<CatalogEntry, { name: N }>['labels'][number];

const BY_NAME = new Map<string, MetricSpec>(CATALOG.map((spec) => [spec.name, spec]));

export function getMetricSpec(name: MetricName): MetricSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`unknown metric ${name}`);
  return spec;
}

/**
 * PromQL for the dashboards, built from catalog names so a renamed metric fails to compile.
 * Every selector filters by the `job` and `instance` template variables and every panel sums
 * across instances, so several bot replicas add up.
 */
import type { MetricName } from '../../../lib/catalog.js';

/** Runtime metric names (lib/runtime/runtime-catalog.ts). */
export type RuntimeMetricName =
  | 'nodejs_eventloop_delay_p99_seconds'
  | 'nodejs_eventloop_delay_max_seconds'
  | 'nodejs_eventloop_utilization_ratio'
  | 'v8js_gc_duration_seconds_sum'
  | 'v8js_memory_heap_used_bytes'
  | 'nodejs_active_resources'
  | 'process_cpu_seconds_total'
  | 'process_resident_memory_bytes';

/** Recording rules from monitoring/prometheus/rules/recording.yml that panels reuse. */
export type RecordingRule =
  | 'instance_endpoint_status:dmarket_bot_api_requests:rate5m'
  | 'instance_endpoint_le:dmarket_bot_api_request_duration_seconds_bucket:rate5m'
  | 'instance_level:dmarket_bot_arbitrage_scans:rate5m';

/** `target_info` marks a bot (scraped or pushed); `ALERTS` is Prometheus' own series of alerts. */
type Series =
  MetricName | `${MetricName}_${'bucket' | 'sum' | 'count'}` | RecordingRule | RuntimeMetricName | 'up' | 'target_info' | 'ALERTS';

/** `name{job=~"$job",instance=~"$instance",…}`. */
export function sel(name: Series, matchers = ''): string {
  return `${name}{job=~"$job",instance=~"$instance"${matchers ? `,${matchers}` : ''}}`;
}

export function sumBy(labels: string, expr: string): string {
  return labels ? `sum by (${labels}) (${expr})` : `sum(${expr})`;
}

export function increase(name: Series, window: string, matchers = ''): string {
  return `increase(${sel(name, matchers)}[${window}])`;
}

export function rate(name: Series, window: string, matchers = ''): string {
  return `rate(${sel(name, matchers)}[${window}])`;
}

export function quantile(q: number, bucketsExpr: string): string {
  return `histogram_quantile(${q}, ${bucketsExpr})`;
}

/** For self-metrics that only exist once something happened: show 0 instead of "No data". */
export function orZero(expr: string): string {
  return `${expr} or vector(0)`;
}

import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as Gauge } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { dashboard, fill } from './panels.js';
import { quantile, rate, sel, sumBy } from './promql.js';

const BUCKETS = 'instance_endpoint_le:dmarket_bot_api_request_duration_seconds_bucket:rate5m' as const;
const REQUESTS = 'instance_endpoint_status:dmarket_bot_api_requests:rate5m' as const;

/** API Performance: DMarket request rate, latency quantiles, errors and rate limits. */
export function apiPerformanceDashboard() {
  return dashboard('dmarket-bot-api', 'DMarket Bot / API Performance', ['api'])
    .withRow(new RowBuilder('Traffic and latency'))
    .withPanel(fill(new TimeSeries(), { title: 'Requests per second by endpoint', description: 'DMarket API request rate (recording rule, 5m).', queries: [{ expr: sumBy('endpoint', sel(REQUESTS)), legend: '{{endpoint}}' }], unit: 'reqps', width: 12 }))
    .withPanel(fill(new TimeSeries(), { title: 'Latency p50 / p95 / p99', description: 'Request start to response headers, all endpoints, 5m.', queries: [0.5, 0.95, 0.99].map((q) => ({ expr: quantile(q, sumBy('le', sel(BUCKETS))), legend: `p${q * 100}` })), unit: 's', width: 12 }))
    .withPanel(fill(new TimeSeries(), { title: 'p95 latency by endpoint', description: '95th percentile per endpoint, 5m.', queries: [{ expr: quantile(0.95, sumBy('le, endpoint', sel(BUCKETS))), legend: '{{endpoint}}' }], unit: 's', width: 24 }))
    .withRow(new RowBuilder('Errors and rate limits'))
    .withPanel(fill(new TimeSeries(), { title: 'Errors by endpoint and status', description: 'Non-2xx answers and failures without an answer, per second.', queries: [{ expr: sumBy('endpoint, status', sel(REQUESTS, 'status!~"2.."')), legend: '{{status}} {{endpoint}}' }], unit: 'reqps', width: 12 }))
    .withPanel(fill(new TimeSeries(), { title: '429 rate', description: 'Rate-limited requests per second.', queries: [{ expr: sumBy('', rate('dmarket_bot_api_requests_total', '5m', 'status="429"')), legend: '429/s' }], unit: 'reqps', width: 6 }))
    .withPanel(fill(new Gauge(), { title: 'Rate limit remaining', description: 'Lowest remaining quota per scope (X-RateLimit-Remaining).', queries: [{ expr: `min by (scope) (${sel('dmarket_bot_api_rate_limit_remaining')})`, legend: '{{scope}}', instant: true }], unit: 'short', width: 6 }));
}

import { dashboard, row, shareGauge, timeseries } from './panels.js';
import { orZero, quantile, rate, sel, sumBy } from './promql.js';

/** Requests left in the window as a share of its size (X-RateLimit-Remaining / X-RateLimit-Limit). */
const HEADROOM = `min by (scope) (${sel('dmarket_bot_api_rate_limit_remaining')} / ${sel('dmarket_bot_api_rate_limit_limit')})`;

const BUCKETS = 'instance_endpoint_le:dmarket_bot_api_request_duration_seconds_bucket:rate5m' as const;
const REQUESTS = 'instance_endpoint_status:dmarket_bot_api_requests:rate5m' as const;

/** API Performance: DMarket request rate, latency quantiles, errors and rate limits. */
export function apiPerformanceDashboard() {
  return dashboard('dmarket-bot-api', 'DMarket Bot / API Performance', ['api'])
    .withRow(row('Traffic and latency'))
    .withPanel(
      timeseries({
        title: 'Requests per second by endpoint',
        description: 'DMarket API request rate (recording rule, 5m).',
        queries: [{ expr: sumBy('endpoint', sel(REQUESTS)), legend: '{{endpoint}}' }],
        unit: 'reqps',
        width: 12,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Latency p50 / p95 / p99',
        description: 'Request start to response headers, all endpoints, 5m.',
        queries: [0.5, 0.95, 0.99].map((q) => ({ expr: quantile(q, sumBy('le', sel(BUCKETS))), legend: `p${q * 100}` })),
        unit: 's',
        width: 12,
      }),
    )
    .withPanel(
      timeseries({
        title: 'p95 latency by endpoint',
        description: '95th percentile per endpoint, 5m.',
        queries: [{ expr: quantile(0.95, sumBy('le, endpoint', sel(BUCKETS))), legend: '{{endpoint}}' }],
        unit: 's',
        width: 24,
      }),
    )
    .withRow(row('Errors and rate limits'))
    .withPanel(
      timeseries({
        title: 'Errors by endpoint and status',
        description: 'Non-2xx answers and failures without an answer, per second.',
        queries: [{ expr: sumBy('endpoint, status', sel(REQUESTS, 'status!~"2.."')), legend: '{{status}} {{endpoint}}' }],
        unit: 'reqps',
        width: 12,
      }),
    )
    .withPanel(
      timeseries({
        title: '429 rate',
        description: 'Rate-limited requests per second.',
        queries: [{ expr: sumBy('', rate('dmarket_bot_api_requests_total', '5m', 'status="429"')), legend: '429/s' }],
        unit: 'reqps',
        width: 6,
      }),
    )
    .withPanel(
      shareGauge(
        {
          title: 'Rate-limit headroom',
          description: 'Share of the DMarket rate-limit window still free, lowest per scope (remaining / limit): red under 10%.',
          queries: [{ expr: HEADROOM, legend: '{{scope}}', instant: true }],
          width: 6,
        },
        0.1,
        0.3,
      ),
    )
    .withPanel(
      timeseries({
        title: 'Rate-limit headroom over time',
        description: 'Remaining / limit per scope; 0 right after a 429.',
        queries: [{ expr: HEADROOM, legend: '{{scope}}' }],
        unit: 'percentunit',
        width: 12,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Auth failures (401/403)',
        description:
          'DMarket calls rejected for the API key, per second by endpoint: a revoked key makes every signed call fail (alert DMarketAuthFailures).',
        queries: [
          { expr: orZero(sumBy('endpoint', rate('dmarket_bot_api_requests_total', '5m', 'status=~"401|403"'))), legend: '{{endpoint}}' },
        ],
        unit: 'reqps',
        width: 12,
      }),
    );
}

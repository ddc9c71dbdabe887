/** Recording rules the dashboards and alerts reuse; names follow level:metric:operations. */
import { COUNTED, FAILED } from './slo.js';
import { record, type RuleFile } from './rule.js';

const BUCKETS = 'instance_endpoint_le:dmarket_bot_api_request_duration_seconds_bucket:rate5m';

/** Everything the bot does: DMarket calls, Telegram updates and finished scans. */
export const ACTIVITY = '{__name__=~"dmarket_bot_api_requests_total|dmarket_bot_updates_total|dmarket_bot_arbitrage_scans_total"}';

const quantile = (q: number) =>
  record(
    `job_endpoint:dmarket_bot_api_request_duration_seconds:p${q * 100}_5m`,
    `histogram_quantile(${q}, sum by (job, endpoint, le) (${BUCKETS}))`,
  );

export function recordingRules(): RuleFile {
  return {
    file: 'recording.yml',
    about: 'Recording rules the dashboards and alerts reuse. `instance` is kept where dashboards filter by it.',
    groups: [
      {
        name: 'dmarket-bot-recording',
        rules: [
          record(
            'instance_endpoint_status:dmarket_bot_api_requests:rate5m',
            'sum by (job, instance, endpoint, status) (rate(dmarket_bot_api_requests_total[5m]))',
          ),
          record('job:dmarket_bot_api_requests:rate5m', 'sum by (job) (rate(dmarket_bot_api_requests_total[5m]))'),
          // 5xx and calls without an answer, among calls that count (not 429, not cancelled).
          record(
            'job:dmarket_bot_api_request_errors:ratio_rate5m',
            `sum by (job) (rate(dmarket_bot_api_requests_total{${FAILED}}[5m]))\n/\nsum by (job) (rate(dmarket_bot_api_requests_total{${COUNTED}}[5m]))`,
          ),
          record(BUCKETS, 'sum by (job, instance, endpoint, le) (rate(dmarket_bot_api_request_duration_seconds_bucket[5m]))'),
          quantile(0.5),
          quantile(0.95),
          quantile(0.99),
          record(
            'instance_level:dmarket_bot_arbitrage_scans:rate5m',
            'sum by (job, instance, level) (rate(dmarket_bot_arbitrage_scans_total[5m]))',
          ),
          record('job:dmarket_bot_errors:rate5m', 'sum by (job) (rate(dmarket_bot_errors_total[5m]))'),
          record('instance:dmarket_bot_activity:rate5m', `sum by (job, instance) (rate(${ACTIVITY}[5m]))`),
        ],
      },
    ],
  };
}

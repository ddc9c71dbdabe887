/** DMarket API alerts besides the SLOs: a revoked key, rate limiting, one slow endpoint. */
import { PARAMS } from './params.js';
import { alert, num, type RuleFile } from './rule.js';
import { COUNTED } from './slo.js';

const REQ = 'dmarket_bot_api_requests_total';
const share = (matcher: string, window: string, by = 'job, instance') =>
  `sum by (${by}) (rate(${REQ}{${matcher}}[${window}]))\n  /\n  sum by (${by}) (rate(${REQ}{${COUNTED}}[${window}]))`;

export function authRules(): RuleFile {
  return {
    file: 'auth.yml',
    about: 'A revoked or wrong DMarket API key: every signed call answers 401/403. Pages fast.',
    groups: [
      {
        name: 'dmarket-bot-auth',
        rules: [
          alert({
            name: 'DMarketAuthFailures',
            expr: `(\n  ${share('status=~"401|403"', '5m')}\n) > ${num(PARAMS.authFailureShare)}\nand\nsum by (job, instance) (increase(${REQ}{status=~"401|403"}[5m])) >= ${PARAMS.authMinFailures}`,
            for: '2m',
            severity: 'critical',
            summary: 'DMarket rejects the API key of {{ $labels.instance }} (401/403)',
            description: `{{ $value | humanizePercentage }} of DMarket calls from {{ $labels.job }} at {{ $labels.instance }} answered 401/403 over 5 minutes (threshold ${num(PARAMS.authFailureShare * 100)}%): the key is revoked, wrong or its clock skewed; the bot cannot trade.`,
            dashboard: 'dmarket-bot-api',
          }),
        ],
      },
    ],
  };
}

export function rateLimitRules(): RuleFile {
  return {
    file: 'rate-limits.yml',
    about: 'Rate limiting, from the 429 share only: it resolves once 429s stop, whatever the quota gauge last read.',
    groups: [
      {
        name: 'dmarket-bot-rate-limits',
        rules: [
          alert({
            name: 'DMarketRateLimited',
            expr: `(\n  sum by (job, instance) (rate(${REQ}{status="429"}[5m]))\n  /\n  sum by (job, instance) (rate(${REQ}[5m]))\n) > ${num(PARAMS.rateLimitShare)}\nand\nsum by (job, instance) (increase(${REQ}{status="429"}[5m])) >= ${PARAMS.rateLimitMin429s}`,
            for: '5m',
            severity: 'warning',
            summary: 'DMarket is rate-limiting {{ $labels.instance }}',
            description: `{{ $value | humanizePercentage }} of the DMarket calls of {{ $labels.job }} at {{ $labels.instance }} got 429 over the last 5 minutes (threshold ${num(PARAMS.rateLimitShare * 100)}%, at least ${PARAMS.rateLimitMin429s} 429s).`,
            dashboard: 'dmarket-bot-api',
          }),
        ],
      },
    ],
  };
}

export function latencyRules(): RuleFile {
  const rate = `sum by (job, endpoint) (instance_endpoint_le:dmarket_bot_api_request_duration_seconds_bucket:rate5m{le="+Inf"})`;
  return {
    file: 'latency.yml',
    about: 'One slow DMarket endpoint, with a minimum request rate so one slow call in a quiet hour stays silent.',
    groups: [
      {
        name: 'dmarket-bot-latency',
        rules: [
          alert({
            name: 'SlowAPIRequests',
            expr: `job_endpoint:dmarket_bot_api_request_duration_seconds:p95_5m > ${PARAMS.slowApiP95Seconds}\nand on (job, endpoint)\n${rate} >= ${num(PARAMS.slowApiMinRequestsPerSecond)}`,
            for: '10m',
            severity: 'warning',
            summary: `DMarket API p95 latency above ${PARAMS.slowApiP95Seconds} s on {{ $labels.endpoint }}`,
            description: `p95 latency of {{ $labels.endpoint }} for {{ $labels.job }} is {{ $value | humanizeDuration }} over the last 5 minutes (at least ${num(PARAMS.slowApiMinRequestsPerSecond * 60)} calls per minute).`,
            dashboard: 'dmarket-bot-api',
          }),
        ],
      },
    ],
  };
}

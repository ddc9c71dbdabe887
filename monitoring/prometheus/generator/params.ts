/**
 * Every threshold, SLO target and link of the alert rules, in one typed place. Change a value,
 * run `npx tsx monitoring/prometheus/generator/generate.ts`, commit the regenerated YAML.
 */
import { API_DURATION_BUCKETS, COMMAND_DURATION_BUCKETS } from '../../../lib/catalog.js';

type ApiBucket = (typeof API_DURATION_BUCKETS)[number];
type CommandBucket = (typeof COMMAND_DURATION_BUCKETS)[number];

/** One burn-rate pair of the SRE workbook: both windows must burn faster than `factor`. */
export interface BurnWindow {
  readonly long: string;
  readonly short: string;
  readonly factor: number;
  readonly severity: 'critical' | 'warning';
}

export interface RuleParams {
  /** Absolute base of the runbook links (docs/runbooks.md as published); env RUNBOOK_BASE_URL. */
  readonly runbookBaseUrl: string;
  /** Grafana as the on-call person opens it; env GRAFANA_URL. */
  readonly grafanaUrl: string;
  /** The scrape job (= OTEL_SERVICE_NAME when pushing) of the bot. */
  readonly botJob: string;
  readonly slo: {
    /** Share of non-429, non-cancelled DMarket calls that must get a non-5xx answer. */
    readonly availabilityTarget: number;
    /** Share of DMarket calls that must answer within `latencyThresholdSeconds`. */
    readonly latencyTarget: number;
    /** A bucket boundary of the API histogram, so the ratio needs no interpolation. */
    readonly latencyThresholdSeconds: ApiBucket;
    /** No burn alert below this many calls in the short window (one slow call is not an outage). */
    readonly minRequestsInShortWindow: number;
    readonly windows: readonly BurnWindow[];
    /** `for` of the page (critical) and ticket (warning) burn alerts. */
    readonly burnFor: { readonly critical: string; readonly warning: string };
  };
  readonly authFailureShare: number;
  readonly authMinFailures: number;
  readonly rateLimitShare: number;
  readonly rateLimitMin429s: number;
  readonly slowApiP95Seconds: number;
  readonly slowApiMinRequestsPerSecond: number;
  /** Bot errors per unit of activity (API calls + Telegram updates + scans). */
  readonly errorShare: number;
  readonly minErrorsIn10m: number;
  readonly commandErrorShare: number;
  readonly commandLatencyP95Seconds: CommandBucket;
  readonly minCommandsIn10m: number;
  readonly restartsPerHour: number;
  readonly memoryLimitBytes: number;
  readonly memoryHorizonHours: number;
  readonly eventLoopLagSeconds: number;
  readonly balanceDropSlackUsd: number;
  readonly balanceDropSlackShare: number;
  readonly telemetryWarnDrops: number;
  readonly lowActiveUsers: number;
  readonly scanStallMinutes: number;
}

const env = (name: string, fallback: string): string => process.env[name] || fallback;

export const PARAMS: RuleParams = {
  runbookBaseUrl: env('RUNBOOK_BASE_URL', 'https://github.com/dmarket-bot-telemetry/dmarket-bot-telemetry/blob/main/docs/runbooks.md'),
  grafanaUrl: env('GRAFANA_URL', 'http://localhost:3000'),
  botJob: 'dmarket-bot',
  slo: {
    // DMarket is a third party: 3% failed calls a month is its budget, retries absorb the rest.
    availabilityTarget: 0.97,
    latencyTarget: 0.99,
    latencyThresholdSeconds: 2.5,
    minRequestsInShortWindow: 30,
    windows: [
      // SRE workbook, table 5-8: 2% of a 30-day budget in 1h or 5% in 6h pages; 10% in 1d or 3d tickets.
      { long: '1h', short: '5m', factor: 14.4, severity: 'critical' },
      { long: '6h', short: '30m', factor: 6, severity: 'critical' },
      { long: '1d', short: '2h', factor: 3, severity: 'warning' },
      { long: '3d', short: '6h', factor: 1, severity: 'warning' },
    ],
    burnFor: { critical: '2m', warning: '15m' },
  },
  authFailureShare: 0.2,
  authMinFailures: 3,
  rateLimitShare: 0.1,
  rateLimitMin429s: 10,
  slowApiP95Seconds: 5,
  slowApiMinRequestsPerSecond: 0.1,
  errorShare: 0.1,
  minErrorsIn10m: 10,
  commandErrorShare: 0.1,
  commandLatencyP95Seconds: 5,
  minCommandsIn10m: 20,
  restartsPerHour: 3,
  memoryLimitBytes: 1024 * 1024 * 1024,
  memoryHorizonHours: 4,
  eventLoopLagSeconds: 0.2,
  balanceDropSlackUsd: 10,
  balanceDropSlackShare: 0.05,
  telemetryWarnDrops: 10,
  lowActiveUsers: 100,
  scanStallMinutes: 15,
};

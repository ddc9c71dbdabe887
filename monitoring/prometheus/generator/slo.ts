/**
 * Multi-window, multi-burn-rate SLO alerts for DMarket API availability and latency (SRE
 * workbook ch. 5, as sloth and pyrra generate them): recording rules per window, and one
 * alert per SLO whose page (critical) and ticket (warning) variants fire when both the long
 * and the short window burn the error budget faster than the window's factor.
 */
import { PARAMS, type BurnWindow } from './params.js';
import { alert, num, record, seconds, type AlertRule, type RecordingRule, type RuleFile } from './rule.js';

const REQUESTS = 'dmarket_bot_api_requests_total';
const DURATION = 'dmarket_bot_api_request_duration_seconds';
/** Answers that count against availability: DMarket failed, or nothing answered. */
export const FAILED = 'status=~"5..|timeout|connection_refused|network_error"';
/** 429 (rate limits, own alert) and client cancellations are neither good nor bad events. */
export const COUNTED = 'status!~"429|aborted"';

export const sloRecord = {
  requests: (w: string) => `job:dmarket_bot_api_slo_requests:rate${w}`,
  errors: (w: string) => `job:dmarket_bot_api_slo_errors:ratio_rate${w}`,
  slow: (w: string) => `job:dmarket_bot_api_slo_slow:ratio_rate${w}`,
};

function windows(): string[] {
  const all = PARAMS.slo.windows.flatMap((w) => [w.long, w.short]);
  return [...new Set(all)].sort((a, b) => seconds(a) - seconds(b));
}

function recordingRules(): RecordingRule[] {
  const le = String(PARAMS.slo.latencyThresholdSeconds);
  return windows().flatMap((w) => [
    record(sloRecord.requests(w), `sum by (job) (rate(${REQUESTS}{${COUNTED}}[${w}]))`),
    record(sloRecord.errors(w), `sum by (job) (rate(${REQUESTS}{${FAILED}}[${w}]))\n/\n${sloRecord.requests(w)}`),
    record(
      sloRecord.slow(w),
      `1 - (\n  sum by (job) (rate(${DURATION}_bucket{le="${le}"}[${w}]))\n  /\n  sum by (job) (rate(${DURATION}_count[${w}]))\n)`,
    ),
  ]);
}

/** `ratio(long) > f·budget and ratio(short) > f·budget and enough calls in the short window`. */
function burnCondition(ratio: (w: string) => string, budget: number, w: BurnWindow): string {
  const threshold = num(w.factor * budget);
  const minRate = num(PARAMS.slo.minRequestsInShortWindow / seconds(w.short));
  return `(\n  ${ratio(w.long)} > ${threshold}\n  and ${ratio(w.short)} > ${threshold}\n  and ${sloRecord.requests(w.short)} >= ${minRate}\n)`;
}

interface SloSpec {
  readonly name: string;
  readonly ratio: (w: string) => string;
  readonly target: number;
  readonly what: string;
  /** What a bad call did, for the description. */
  readonly bad: string;
}

function burnAlerts(slo: SloSpec): AlertRule[] {
  const budget = 1 - slo.target;
  const pct = `${num(slo.target * 100)}%`;
  return (['critical', 'warning'] as const).map((severity) => {
    const pairs = PARAMS.slo.windows.filter((w) => w.severity === severity);
    const speed = severity === 'critical' ? 'fast (page)' : 'slowly (ticket)';
    return alert({
      name: slo.name,
      expr: pairs.map((w) => burnCondition(slo.ratio, budget, w)).join('\nor\n'),
      for: PARAMS.slo.burnFor[severity],
      severity,
      summary: `DMarket API ${slo.what} SLO (${pct}) is burning its error budget ${speed}`,
      description: `{{ $value | humanizePercentage }} of DMarket calls from {{ $labels.job }} ${slo.bad} over the long window (windows ${pairs.map((w) => `${w.long}/${w.short} ×${w.factor}`).join(', ')}); the SLO allows ${num(budget * 100)}%.`,
      dashboard: 'dmarket-bot-api',
    });
  });
}

export function sloRules(): RuleFile {
  return {
    file: 'slo-dmarket-api.yml',
    about: `DMarket API SLOs: availability ${PARAMS.slo.availabilityTarget}, latency ${PARAMS.slo.latencyTarget} of calls under ${PARAMS.slo.latencyThresholdSeconds} s.`,
    groups: [
      { name: 'dmarket-bot-slo-recording', rules: recordingRules() },
      {
        name: 'dmarket-bot-slo-alerts',
        rules: [
          ...burnAlerts({
            name: 'DMarketAPIErrorBudgetBurn',
            ratio: sloRecord.errors,
            target: PARAMS.slo.availabilityTarget,
            what: 'availability',
            bad: 'failed (5xx or no answer; 429 and cancellations not counted)',
          }),
          ...burnAlerts({
            name: 'DMarketAPILatencyBudgetBurn',
            ratio: sloRecord.slow,
            target: PARAMS.slo.latencyTarget,
            what: 'latency',
            bad: `took longer than ${PARAMS.slo.latencyThresholdSeconds} s`,
          }),
        ],
      },
    ],
  };
}

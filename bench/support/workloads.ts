import { API_DURATION_BUCKETS, CATALOG, type MetricSpec } from '../../lib/catalog.js';

/** One series and the values recorded into it. */
export interface SeriesLoad {
  readonly spec: MetricSpec;
  readonly labels: Record<string, string>;
  readonly values: readonly number[];
}

const API_HISTOGRAM = CATALOG.find((s) => s.name === 'dmarket_bot_api_request_duration_seconds')!;

/** `n` API-latency histogram series (the catalog's 10 bounds + +Inf), 5 observations each. */
export function histogramSeries(n: number): SeriesLoad[] {
  return Array.from({ length: n }, (_, i) => ({
    spec: API_HISTOGRAM,
    labels: { endpoint: `/exchange/v1/route-${i >> 1}/{itemId}`, method: i % 2 ? 'POST' : 'GET' },
    values: [0.03, 0.12, 0.4, 1.7, API_DURATION_BUCKETS[i % 10]!],
  }));
}

/** Typical distinct values per label in a running bot. */
const SPREAD: Record<string, readonly string[]> = {
  command: [
    '/start',
    '/help',
    '/balance',
    '/scan',
    '/targets',
    '/buy',
    '/sell',
    '/stats',
    '/settings',
    '/stop',
    '/games',
    '/alerts',
    '/history',
    '/profit',
    'other',
  ],
  status: ['ok', 'error', '200', '429'],
  endpoint: Array.from({ length: 25 }, (_, i) => `/exchange/v1/route-${i}`),
  method: ['GET', 'POST'],
  error_type: [
    'TimeoutError',
    'ParseError',
    'AuthError',
    'RateLimitError',
    'NetworkError',
    'ValidationError',
    'TypeError',
    'RangeError',
    'SyntaxError',
    'other',
  ],
  module: ['arbitrage', 'telegram', 'dmarket', 'targets', 'other'],
  level: ['boost', 'standard', 'pro'],
  game: ['csgo', 'dota2', 'rust', 'tf2'],
  type: ['buy', 'sell'],
  cache_type: ['items', 'prices', 'users', 'targets'],
  scope: ['market', 'account', 'global'],
  metric: ['dmarket_bot_errors_total'],
  reason: ['negative_value', 'not_finite'],
};

function product(labels: readonly string[]): Record<string, string>[] {
  return labels.reduce<Record<string, string>[]>(
    (sets, label) => sets.flatMap((set) => (SPREAD[label] ?? ['x']).map((v) => ({ ...set, [label]: v }))),
    [{}],
  );
}

/** Every catalog metric with its typical label spread (about 700 series). */
export function realisticMix(): SeriesLoad[] {
  return CATALOG.flatMap((spec) =>
    product(spec.labels).map((labels, i) => ({
      spec,
      labels,
      values: spec.kind === 'histogram' ? [0.04, 0.3, 1.2, 7 + (i % 5)] : [i + 1],
    })),
  );
}

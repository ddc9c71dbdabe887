import type { MetricsCompression, TelemetryOptions } from './options.js';

/*
 * The default of every option, in one place (TelemetryOptions documents each). The OTLP push
 * defaults are in types.ts next to the exporter names. Features import these; nothing here
 * imports a feature.
 */

/** Bind address of `/metrics` and `/health`; `0.0.0.0` so a Prometheus container can scrape. */
export const DEFAULT_HOST = '0.0.0.0';
/** The design fixes 8000 (not OTel's 9464). */
export const DEFAULT_PORT = 8000;
/** The telemetry server's two routes; capture also uses them: a request to one is a scrape, never a DMarket call. */
export const METRICS_PATH = '/metrics';
export const HEALTH_PATH = '/health';
export const DEFAULT_SERVICE_NAME = 'dmarket-bot';
/** Most series any one metric exports; later ones fold into `other`. */
export const DEFAULT_SERIES_LIMIT = 1000;
export const DEFAULT_METRICS_COMPRESSION: MetricsCompression = 'gzip';
/** A `/health` check that has not answered within this many ms fails. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2000;
/** p99 event-loop delay above which `/health` reports degraded. */
export const DEFAULT_EVENT_LOOP_DELAY_MS = 200;
export const DEFAULT_EVENT_LOOP_WINDOW_SECONDS = 60;
export const DEFAULT_DMARKET_DEGRADED_AFTER_SECONDS = 300;

/** The DMarket API host the bot talks to unless told otherwise. */
export const DEFAULT_DMARKET_HOSTS = ['api.dmarket.com'] as const;

/** The configured DMarket hosts, or api.dmarket.com plus the bot's own `DMARKET_API_URL`. */
export function dmarketHosts(options: Pick<TelemetryOptions, 'dmarketHosts' | 'env'>): readonly string[] {
  if (options.dmarketHosts) return options.dmarketHosts;
  const fromEnv = (options.env ?? process.env)['DMARKET_API_URL'];
  return fromEnv ? [...DEFAULT_DMARKET_HOSTS, fromEnv] : DEFAULT_DMARKET_HOSTS;
}

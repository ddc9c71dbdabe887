import type { TelemetryOptions } from './options.js';

/** The DMarket API host the bot talks to unless told otherwise. */
export const DEFAULT_DMARKET_HOSTS = ['api.dmarket.com'] as const;

/** The configured DMarket hosts, or api.dmarket.com plus the bot's own `DMARKET_API_URL`. */
export function dmarketHosts(options: Pick<TelemetryOptions, 'dmarketHosts' | 'env'>): readonly string[] {
  if (options.dmarketHosts) return options.dmarketHosts;
  const fromEnv = (options.env ?? process.env)['DMARKET_API_URL'];
  return fromEnv ? [...DEFAULT_DMARKET_HOSTS, fromEnv] : DEFAULT_DMARKET_HOSTS;
}

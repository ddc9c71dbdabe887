/** Argument shapes of the MetricsCollector calls (the seed's API, typed). */

export type CommandStatus = 'ok' | 'error';

export interface CommandOptions {
  /** Counted into the active-user estimates (the seed's `record_command(cmd, user_id=…)`); never exported. */
  readonly userId?: number | string;
  readonly status?: CommandStatus;
  /** Handler time in seconds, into `dmarket_bot_command_duration_seconds`. */
  readonly duration?: number;
}

export interface UpdateOptions {
  /** Counted into the active-user estimates; never exported. */
  readonly userId?: number | string;
}

export interface ApiRequestRecord {
  /** Route template or raw path/URL; raw paths are templated, query strings dropped. */
  readonly endpoint: string;
  readonly method: string;
  /** HTTP status code, or a failure kind such as `timeout`. */
  readonly status: number | string;
  /** Seconds from request start to response headers. */
  readonly duration: number;
}

export interface ArbitrageScanRecord {
  readonly level: string;
  /** DMarket game id (`a8db…`) or name (`csgo`, `dota2`, `tf2`, `rust`). */
  readonly game: string;
  /** Seconds. */
  readonly duration: number;
  /** Opportunities found by this scan; default 0. */
  readonly found?: number;
}

export interface GameRecord {
  readonly game: string;
}

export interface TradeRecord {
  readonly type: 'buy' | 'sell';
  readonly game: string;
  readonly amountUsd: number;
}

export interface CacheOptions {
  readonly cacheType: string;
}

export interface RateLimitOptions {
  /** Rate-limit scope, e.g. `market` or the X-RateLimit-Scope header value. */
  readonly scope: string;
  /** Window size (X-RateLimit-Limit), when known. */
  readonly limit?: number;
  /** Seconds until the window resets (X-RateLimit-Reset / Retry-After); the value expires then. Default 60. */
  readonly resetSeconds?: number;
}

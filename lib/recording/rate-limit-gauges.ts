import type { CatalogInstruments } from '../sdk/instruments.js';

/**
 * `dmarket_bot_api_rate_limit_remaining{scope}` that does not read 0 forever after a 429: each
 * value is valid until its window resets (X-RateLimit-Reset, else Retry-After, else
 * RATE_LIMIT_FALLBACK_SECONDS). When a window resets with no newer response, the quota is full
 * again: the gauge shows the window size (X-RateLimit-Limit, else the highest remaining seen),
 * or NaN ("unknown") when DMarket never said how large the window is.
 */
export const RATE_LIMIT_FALLBACK_SECONDS = 60;
/** A reset further away than this is a bad header, not a window. */
const MAX_RESET_SECONDS = 3600;

interface ScopeState {
  remaining: number;
  limit: number | undefined;
  highest: number;
  expiresAt: number;
  expired: boolean;
}

export class RateLimitGauges {
  private readonly scopes = new Map<string, ScopeState>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private closed = false;

  constructor(
    private readonly instruments: CatalogInstruments,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a quota reading; `resetSeconds` is how long it is valid (default RATE_LIMIT_FALLBACK_SECONDS). */
  set(scope: string, remaining: number | undefined, limit: number | undefined, resetSeconds?: number): void {
    let state = this.scopes.get(scope);
    const fresh = !state || state.expired;
    if (!state) this.scopes.set(scope, (state = { remaining: Number.NaN, limit: undefined, highest: 0, expiresAt: 0, expired: false }));
    if (limit !== undefined && limit !== state.limit) {
      state.limit = limit;
      this.instruments.set('dmarket_bot_api_rate_limit_limit', limit, { scope });
    }
    if (remaining !== undefined) {
      state.highest = Math.max(state.highest, remaining);
      if (fresh || remaining !== state.remaining) this.instruments.set('dmarket_bot_api_rate_limit_remaining', remaining, { scope });
      state.remaining = remaining;
    }
    const valid = Math.min(MAX_RESET_SECONDS, Math.max(0, resetSeconds ?? RATE_LIMIT_FALLBACK_SECONDS));
    state.expiresAt = this.now() + valid * 1000;
    state.expired = false;
    this.arm(state.expiresAt);
  }

  /** Publishes a full window for every scope whose reset time has passed. */
  expire(): void {
    const now = this.now();
    let next = Infinity;
    for (const [scope, state] of this.scopes) {
      if (state.expired) continue;
      if (state.expiresAt > now) {
        next = Math.min(next, state.expiresAt);
        continue;
      }
      state.expired = true;
      state.remaining = state.limit ?? (state.highest > 0 ? state.highest : Number.NaN);
      this.instruments.set('dmarket_bot_api_rate_limit_remaining', state.remaining, { scope });
    }
    this.timerAt = Infinity;
    if (next !== Infinity) this.arm(next);
  }

  /** After shutdown: readings still update the gauges, but no expiry timer is armed again. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** One unref'd timer for the earliest reset: never keeps the bot alive. */
  private arm(at: number): void {
    if (this.closed || at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - this.now()) + 5);
    this.timer.unref();
  }
}

/**
 * Seconds until the quota window resets, from X-RateLimit-Reset (seconds from now, or a Unix
 * time in s/ms) or Retry-After (seconds or an HTTP date); `undefined` when neither is usable.
 */
export function resetSecondsFrom(header: (name: string) => string | undefined, nowMs = Date.now()): number | undefined {
  const reset = Number(header('x-ratelimit-reset'));
  if (header('x-ratelimit-reset') !== undefined && Number.isFinite(reset) && reset >= 0) {
    if (reset > 1e12) return (reset - nowMs) / 1000;
    if (reset > 1e9) return reset - nowMs / 1000;
    return reset;
  }
  const retry = header('retry-after');
  if (retry === undefined) return undefined;
  const seconds = Number(retry);
  if (retry.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(retry);
  return Number.isFinite(date) ? Math.max(0, (date - nowMs) / 1000) : undefined;
}

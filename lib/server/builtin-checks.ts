import type { HealthCheck } from './health.js';

export interface BuiltinHealthOptions {
  /** p99 event-loop delay (ms) since the previous probe above which the bot is degraded. Default 200; false: off. */
  readonly eventLoopDelayMs?: number | false;
  /** Seconds without a successful DMarket response (once requests were made) → degraded. Default 300; false: off. */
  readonly dmarketDegradedAfterSeconds?: number | false;
  /** Seconds without a successful DMarket response → fail (503). Default off: a restart cannot fix DMarket. */
  readonly dmarketFailAfterSeconds?: number | false;
}

export const DEFAULT_EVENT_LOOP_DELAY_MS = 200;
export const DEFAULT_DMARKET_DEGRADED_AFTER_SECONDS = 300;

const TICK_MS = 20;
/** Two minutes of ticks: older lags drop out of the ring when probes are rare. */
const RING = 6000;

/**
 * Event-loop delay as the bot's users feel it: a 20 ms unref'd timer measures how late it fires;
 * the check reports the p99 and max lag since the previous probe. (perf_hooks'
 * monitorEventLoopDelay on Node 20 does not see one long synchronous block, measured.)
 */
export class EventLoopCheck {
  private readonly lags = new Float64Array(RING);
  private count = 0;
  private last = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly thresholdMs: number) {
    this.timer = setInterval(() => {
      const now = performance.now();
      this.lags[this.count++ % RING] = Math.max(0, now - this.last - TICK_MS);
      this.last = now;
    }, TICK_MS).unref();
  }

  readonly check: HealthCheck = () => {
    const lags = Array.from(this.lags.subarray(0, Math.min(this.count, RING))).sort((a, b) => a - b);
    this.count = 0;
    const p99 = lags.length ? lags[Math.min(lags.length - 1, Math.floor(lags.length * 0.99))]! : 0;
    const max = lags.length ? lags[lags.length - 1]! : 0;
    const detail = `event-loop delay p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms since the last probe (limit ${this.thresholdMs} ms)`;
    return { status: p99 > this.thresholdMs ? 'degraded' : 'ok', detail };
  };

  close(): void {
    clearInterval(this.timer);
  }
}

/**
 * When the DMarket API last answered successfully (2xx/3xx), fed by every recorded API call,
 * auto-captured or manual. Silent until the bot makes its first request.
 */
export class DmarketActivity {
  private lastAttempt: number | undefined;
  private lastSuccess: number | undefined;
  private readonly startedAt = performance.now();

  record(status: number | string): void {
    const now = performance.now();
    this.lastAttempt = now;
    // Manual calls may say `ok` instead of a status code: that is a success too.
    const code = typeof status === 'number' ? status : Number(status);
    if ((code >= 200 && code < 400) || (typeof status === 'string' && status.trim().toLowerCase() === 'ok')) this.lastSuccess = now;
  }

  check(degradedAfter: number | false, failAfter: number | false): HealthCheck {
    return () => {
      if (this.lastAttempt === undefined) return { status: 'ok', detail: 'no DMarket request yet' };
      const age = (performance.now() - (this.lastSuccess ?? this.startedAt)) / 1000;
      const since = this.lastSuccess === undefined ? `no success in ${age.toFixed(0)} s` : `last success ${age.toFixed(1)} s ago`;
      if (failAfter !== false && age > failAfter) return { status: 'fail', detail: `${since} (fail after ${failAfter} s)` };
      if (degradedAfter !== false && age > degradedAfter) return { status: 'degraded', detail: `${since} (degraded after ${degradedAfter} s)` };
      return { status: 'ok', detail: since };
    };
  }
}

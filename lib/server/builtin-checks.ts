import type { BuiltinHealthOptions } from '../config/options.js';
import type { HealthCheck } from './health.js';

export type { BuiltinHealthOptions };

const TICK_MS = 20;
/** The check looks at the last minute, whoever probes and however often. */
export const EVENT_LOOP_WINDOW_MS = 60_000;
const MAX_RING = EVENT_LOOP_WINDOW_MS / TICK_MS;

/**
 * Event-loop delay as the bot's users feel it: a 20 ms unref'd timer measures how late it fires;
 * the check reports the p99 and max lag over the last minute. Probing never resets the window,
 * so a client polling `/health` cannot hide a lag from the real liveness probe. (perf_hooks'
 * monitorEventLoopDelay on Node 20 does not see one long synchronous block, measured.)
 */
export class EventLoopCheck {
  private readonly lags: Float64Array;
  private readonly times: Float64Array;
  private readonly ring: number;
  private count = 0;
  private last = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly thresholdMs: number,
    private readonly windowMs = EVENT_LOOP_WINDOW_MS,
  ) {
    this.ring = Math.max(MAX_RING, Math.ceil(windowMs / TICK_MS));
    this.lags = new Float64Array(this.ring);
    this.times = new Float64Array(this.ring);
    this.timer = setInterval(() => {
      const now = performance.now();
      const slot = this.count++ % this.ring;
      this.lags[slot] = Math.max(0, now - this.last - TICK_MS);
      this.times[slot] = now;
      this.last = now;
    }, TICK_MS).unref();
  }

  readonly check: HealthCheck = () => {
    const since = performance.now() - this.windowMs;
    const lags: number[] = [];
    const filled = Math.min(this.count, this.ring);
    for (let i = 0; i < filled; i++) if (this.times[i]! >= since) lags.push(this.lags[i]!);
    lags.sort((a, b) => a - b);
    const p99 = lags.length ? lags[Math.min(lags.length - 1, Math.floor(lags.length * 0.99))]! : 0;
    const max = lags.length ? lags[lags.length - 1]! : 0;
    const detail = `event-loop delay p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms over the last ${this.windowMs / 1000} s (limit ${this.thresholdMs} ms)`;
    return { status: p99 > this.thresholdMs ? 'degraded' : 'ok', detail };
  };

  close(): void {
    clearInterval(this.timer);
  }
}

/** What the `dmarket_api` check reports; structurally a /health check result (server/ sits above). */
export interface ActivityResult {
  readonly status: 'ok' | 'degraded' | 'fail';
  readonly detail: string;
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

  check(degradedAfter: number | false, failAfter: number | false): () => ActivityResult {
    return () => {
      if (this.lastAttempt === undefined) return { status: 'ok', detail: 'no DMarket request yet' };
      const age = (performance.now() - (this.lastSuccess ?? this.startedAt)) / 1000;
      const since = this.lastSuccess === undefined ? `no success in ${age.toFixed(0)} s` : `last success ${age.toFixed(1)} s ago`;
      if (failAfter !== false && age > failAfter) return { status: 'fail', detail: `${since} (fail after ${failAfter} s)` };
      if (degradedAfter !== false && age > degradedAfter)
        return { status: 'degraded', detail: `${since} (degraded after ${degradedAfter} s)` };
      return { status: 'ok', detail: since };
    };
  }
}

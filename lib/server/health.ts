import { DEFAULT_CHECK_TIMEOUT_MS } from '../config/defaults.js';
/**
 * `/health` checks: the bot registers named checks; any failing check turns the answer into 503,
 * a degraded one (still serving, but not well) into `degraded` with 200.
 */

export type CheckStatus = 'ok' | 'degraded' | 'fail';
export type HealthCheckResult =
  boolean | { readonly ok: boolean; readonly detail?: string } | { readonly status: CheckStatus; readonly detail?: string };
export type HealthCheck = () => HealthCheckResult | Promise<HealthCheckResult>;

export interface CheckReport {
  readonly status: CheckStatus;
  readonly detail?: string;
}

/** What the telemetry layer itself reports: active readers and the last push per exporter. */
export interface TelemetryStatus {
  readonly readers: readonly string[];
  /** Whether `/metrics` and `/health` could be served, and why not. */
  readonly endpoint: { readonly listening: boolean; readonly error?: string };
  readonly exports: Record<string, { at: string; ok: boolean; error?: string } | null>;
}

export interface HealthReport {
  readonly status: CheckStatus;
  readonly uptimeSeconds: number;
  readonly version: string;
  readonly checks: Record<string, CheckReport>;
  /** Informational: a failing telemetry backend never makes the bot unhealthy. */
  readonly telemetry?: TelemetryStatus;
}

/** A check that has not answered within this many milliseconds fails, so probes never hang. */

export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private readonly startedAt = performance.now();
  private telemetry: (() => TelemetryStatus) | undefined;

  constructor(
    private readonly version: string,
    private readonly timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
  ) {}

  /** Adds or replaces the check called `name`. */
  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  /** @internal Set by startTelemetry: readers and export results shown under `telemetry`. */
  setTelemetryStatus(status: () => TelemetryStatus): void {
    this.telemetry = status;
  }

  async report(): Promise<HealthReport> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await this.run(check)] as const));
    const checks = Object.fromEntries(entries);
    const worst = (s: CheckStatus): boolean => entries.some(([, r]) => r.status === s);
    const status: CheckStatus = worst('fail') ? 'fail' : worst('degraded') ? 'degraded' : 'ok';
    const uptimeSeconds = Math.round((performance.now() - this.startedAt) / 100) / 10;
    const report: HealthReport = { status, uptimeSeconds, version: this.version, checks };
    return this.telemetry ? { ...report, telemetry: this.telemetry() } : report;
  }

  private async run(check: HealthCheck): Promise<CheckReport> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckReport>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'fail', detail: `no answer within ${this.timeoutMs} ms` }), this.timeoutMs);
    });
    const answer = (async (): Promise<CheckReport> => toReport(await check()))().catch((error: unknown): CheckReport => ({
      status: 'fail',
      detail: `check threw: ${describe(error)}`,
    }));
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function toReport(result: HealthCheckResult): CheckReport {
  if (typeof result === 'boolean') return { status: result ? 'ok' : 'fail' };
  const status: CheckStatus = 'status' in result ? result.status : result.ok ? 'ok' : 'fail';
  return result.detail === undefined ? { status } : { status, detail: String(result.detail).slice(0, 200) };
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

/**
 * A check that passes while `markSuccess()` was called within the last `maxAgeSeconds`,
 * e.g. "the last DMarket call succeeded within 120 s". It fails until the first success.
 */
export function freshnessCheck(maxAgeSeconds: number): { check: HealthCheck; markSuccess(): void } {
  let last: number | undefined;
  return {
    markSuccess: () => {
      last = performance.now();
    },
    check: () => {
      if (last === undefined) return { ok: false, detail: 'no success yet' };
      const age = (performance.now() - last) / 1000;
      return { ok: age <= maxAgeSeconds, detail: `last success ${age.toFixed(1)} s ago (limit ${maxAgeSeconds} s)` };
    },
  };
}

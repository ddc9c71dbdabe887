import type { TelemetryOptions } from './options.js';
import { TelemetryConfigError } from './errors.js';

type Check = [name: string, value: unknown, min: number, max: number];

/**
 * Numeric options, whatever their source, are checked before anything starts: a typo such as
 * `port: '8000'` or `seriesLimit: 0` is a TelemetryConfigError naming the option, not a
 * misbehaving server. Values are not echoed.
 */
export function validateNumbers(options: TelemetryOptions): void {
  const checks: Check[] = [
    ['port', options.port, 0, 65535],
    ['seriesLimit', options.seriesLimit, 1, 1_000_000],
    ['healthCheckTimeoutMs', options.healthCheckTimeoutMs, 1, 3_600_000],
    ['otlp.exportIntervalMillis', options.otlp?.exportIntervalMillis, 1, 2 ** 31 - 1],
    ['otlp.exportTimeoutMillis', options.otlp?.exportTimeoutMillis, 1, 2 ** 31 - 1],
  ];
  for (const [label, cap] of Object.entries(options.labelCaps ?? {})) checks.push([`labelCaps.${label}`, cap, 1, 100_000]);
  const window = options.healthChecks?.eventLoopWindowSeconds;
  if (window !== undefined && (typeof window !== 'number' || !(window > 0) || window > 3600)) {
    throw new TelemetryConfigError('healthChecks.eventLoopWindowSeconds: must be a number of seconds above 0, at most 3600');
  }
  for (const [name, value, min, max] of checks) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new TelemetryConfigError(`${name}: must be a whole number from ${min} to ${max}`);
    }
  }
  const health = options.healthChecks ?? {};
  for (const key of ['eventLoopDelayMs', 'dmarketDegradedAfterSeconds', 'dmarketFailAfterSeconds'] as const) {
    const value = health[key];
    if (value !== undefined && value !== false && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
      throw new TelemetryConfigError(`healthChecks.${key}: must be a positive number or false`);
    }
  }
}

import type { TelemetryOptions } from './options.js';
import { TelemetryConfigError } from './errors.js';
import { parseUrl } from './env.js';
import { METRICS_EXPORTERS, OTLP_PROTOCOLS, TRACES_EXPORTERS } from './types.js';

type Check = [name: string, value: unknown, min: number, max: number];

/**
 * Every option, whatever its source (code, file, environment), gets the checks the environment
 * variables get, before anything starts; a bad one is a TelemetryConfigError naming the option.
 */
export function validateOptions(options: TelemetryOptions): void {
  validateNumbers(options);
  validateChoices(options);
  validateBuckets(options);
}

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

const BOOLEANS = ['disabled', 'autoInstrument', 'traces', 'handleSignals', 'runtimeMetrics', 'registerGlobal'] as const;

/** Names from closed sets, booleans, strings and string lists: what env parsing enforces for its variables. */
function validateChoices(options: TelemetryOptions): void {
  for (const key of BOOLEANS) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') throw new TelemetryConfigError(`${key}: must be true or false`);
  }
  oneOf('metricsCompression', options.metricsCompression, ['gzip', 'none']);
  oneOf('onListenError', options.onListenError, ['throw', 'continue']);
  oneOf('otlp.protocol', options.otlp?.protocol, OTLP_PROTOCOLS);
  listOf('metricsExporters', options.metricsExporters, METRICS_EXPORTERS);
  listOf('tracesExporters', options.tracesExporters, TRACES_EXPORTERS);
  listOf('dmarketHosts', options.dmarketHosts);
  listOf('endpointTemplates', options.endpointTemplates);
  if (options.host !== undefined && (typeof options.host !== 'string' || options.host.trim() === ''))
    throw new TelemetryConfigError('host: must be a host name or address');
  if (options.otlp?.endpoint !== undefined) parseUrl('otlp.endpoint', String(options.otlp.endpoint));
  // As DMARKET_TELEMETRY_METRICS_BASIC_AUTH=user: allows, the password may be empty.
  for (const key of ['bearerToken', 'username', 'password'] as const) {
    const value = options.metricsAuth?.[key];
    if (value !== undefined && (typeof value !== 'string' || (value === '' && key !== 'password')))
      throw new TelemetryConfigError(`metricsAuth.${key}: must be a ${key === 'password' ? '' : 'non-empty '}string`);
  }
}

function oneOf(name: string, value: unknown, accepted: readonly string[]): void {
  if (value !== undefined && !accepted.includes(value as string))
    throw new TelemetryConfigError(`${name}: not a known value; accepted: ${accepted.join(', ')}`);
}

/** A list of strings, each from `accepted` when given; entries are named by position, never echoed. */
function listOf(name: string, value: unknown, accepted?: readonly string[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value))
    throw new TelemetryConfigError(`${name}: must be a list${accepted ? ` of ${accepted.join(', ')}` : ' of strings'}`);
  value.forEach((entry: unknown, i) => {
    if (typeof entry !== 'string' || (accepted && !accepted.includes(entry))) {
      throw new TelemetryConfigError(
        `${name}: entry ${i + 1} is not ${accepted ? `a known value; accepted: ${accepted.join(', ')}` : 'a string'}`,
      );
    }
  });
}

/** Bucket overrides Prometheus can use: non-empty, finite, strictly increasing (seconds). */
function validateBuckets(options: TelemetryOptions): void {
  for (const [name, bounds] of Object.entries(options.buckets ?? {})) {
    if (bounds === undefined) continue;
    const list: unknown = bounds;
    const ok =
      Array.isArray(list) &&
      list.length > 0 &&
      list.every((b: unknown, i) => typeof b === 'number' && Number.isFinite(b) && (i === 0 || b > (list[i - 1] as number)));
    if (!ok) throw new TelemetryConfigError(`buckets.${name}: must be a non-empty list of finite, strictly increasing numbers (seconds)`);
  }
}

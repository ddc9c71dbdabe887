import { CATALOG } from '../catalog.js';
import { LABEL_RULES } from '../labels/label-rules.js';
import type { TelemetryOptions } from './options.js';
import { TelemetryConfigError } from './errors.js';
import { parseUrl } from './env.js';
import { METRICS_EXPORTERS, OTLP_PROTOCOLS, TRACES_EXPORTERS } from './types.js';
import { validateMetricsAuth } from './validate-auth.js';

type Check = [name: string, value: unknown, min: number, max: number];

/**
 * Every option, whatever its source (code, file, environment), gets the checks the environment
 * variables get, before anything starts; a bad one is a TelemetryConfigError naming the option.
 */
export function validateOptions(options: TelemetryOptions): void {
  validateNames(options);
  validateNumbers(options);
  validateChoices(options);
  validateBuckets(options);
  validateStrings(options);
  validateMetricsAuth(options.metricsAuth);
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
  // A route template is a path: `/segment/{param}/…`, no query, no white space.
  options.endpointTemplates?.forEach((entry, i) => {
    if (!/^\/[^\s?#]*$/.test(entry))
      throw new TelemetryConfigError(`endpointTemplates: entry ${i + 1} is not a path template such as /v1/items/{id}`);
  });
  options.dmarketHosts?.forEach((entry, i) => {
    if (!isHostEntry(entry))
      throw new TelemetryConfigError(`dmarketHosts: entry ${i + 1} is not a host name, host:port or http(s) URL without credentials`);
  });
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
    if (!ok || (list as number[])[0]! < 0)
      throw new TelemetryConfigError(`buckets.${name}: must be a non-empty list of finite, strictly increasing numbers ≥ 0 (seconds)`);
  }
}

const HISTOGRAMS: readonly string[] = CATALOG.filter((spec) => spec.kind === 'histogram').map((spec) => spec.name);
/** Labels whose distinct values are capped; the others take values from closed sets. */
const CAPPED_LABELS: readonly string[] = Object.entries(LABEL_RULES)
  .filter(([, rule]) => rule.cap !== undefined)
  .map(([name]) => name);

/** Keys that name something: bucket overrides of catalog histograms, caps of capped labels. */
function validateNames(options: TelemetryOptions): void {
  for (const name of Object.keys(options.buckets ?? {})) {
    if (!HISTOGRAMS.includes(name))
      throw new TelemetryConfigError(`buckets.${name}: not a histogram of the catalog; accepted: ${HISTOGRAMS.join(', ')}`);
  }
  for (const label of Object.keys(options.labelCaps ?? {})) {
    if (!CAPPED_LABELS.includes(label))
      throw new TelemetryConfigError(
        `labelCaps.${label}: not a label with a cap (closed value sets take none); accepted: ${CAPPED_LABELS.join(', ')}`,
      );
  }
  const health = options.healthChecks ?? {};
  const { dmarketDegradedAfterSeconds: degraded, dmarketFailAfterSeconds: fail } = health;
  if (typeof degraded === 'number' && typeof fail === 'number' && fail < degraded)
    throw new TelemetryConfigError('healthChecks.dmarketFailAfterSeconds: must be at least healthChecks.dmarketDegradedAfterSeconds');
}

/** Resource strings, resource attribute values (OTel's AttributeValue) and OTLP header values. */
function validateStrings(options: TelemetryOptions): void {
  for (const key of ['serviceName', 'serviceVersion', 'serviceInstanceId'] as const) {
    const value: unknown = options[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === ''))
      throw new TelemetryConfigError(`${key}: must be a non-empty string`);
  }
  for (const [key, value] of Object.entries(options.resourceAttributes ?? {})) {
    if (value !== undefined && !isAttributeValue(value))
      throw new TelemetryConfigError(`resourceAttributes.${key}: must be a string, number, boolean or a list of one of them`);
  }
  Object.entries(options.otlp?.headers ?? {}).forEach(([name, value]: [string, unknown], i) => {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name))
      throw new TelemetryConfigError(`otlp.headers: entry ${i + 1} is not a valid header name`);
    // Values are never echoed (tokens); line breaks would split the request.
    if (typeof value !== 'string' || /[^\t\x20-\x7e\x80-\xff]/.test(value))
      throw new TelemetryConfigError(`otlp.headers.${name}: must be a string without line breaks or control characters`);
  });
}

function isAttributeValue(value: unknown): boolean {
  const primitive = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (primitive(value)) return true;
  if (!Array.isArray(value)) return false;
  const types = new Set(value.filter((v) => v !== null && v !== undefined).map((v) => typeof v));
  return value.every((v) => v === null || v === undefined || primitive(v)) && types.size <= 1;
}

/**
 * As lib/capture/host-filter.ts reads entries: `host`, `host:port` or an http(s) URL whose host
 * is a DNS name or an IP address. Wildcards, spaces and credentials never match a request.
 */
function isHostEntry(entry: string): boolean {
  const text = entry.trim();
  if (text === '') return false;
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `http://${text}`);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  return /^\[[0-9a-f:.]+\]$/.test(url.hostname) || /^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/.test(url.hostname);
}

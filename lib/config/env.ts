import type { TelemetryOptions } from './options.js';
import { TelemetryConfigError } from './errors.js';
import {
  METRICS_EXPORTERS,
  OTLP_PROTOCOLS,
  TRACES_EXPORTERS,
  type TracesExporterName,
  type MetricsExporterName,
  type OtlpOptions,
  type OtlpProtocol,
} from './types.js';

export { TelemetryConfigError };

type Env = Readonly<Record<string, string | undefined>>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Options from the standard OTel environment variables. The Prometheus port defaults to 8000
 * here (the design's), not OTel's 9464. Invalid values throw a TelemetryConfigError naming
 * the variable and what it accepts.
 */
export function optionsFromEnv(env: Env = process.env): TelemetryOptions {
  const options: Mutable<TelemetryOptions> = {};
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  if (get('OTEL_SDK_DISABLED') !== undefined) options.disabled = parseBool('OTEL_SDK_DISABLED', get('OTEL_SDK_DISABLED') as string);
  if (get('OTEL_SERVICE_NAME')) options.serviceName = get('OTEL_SERVICE_NAME');
  const attributes = get('OTEL_RESOURCE_ATTRIBUTES');
  if (attributes) options.resourceAttributes = parseKeyValues('OTEL_RESOURCE_ATTRIBUTES', attributes);
  const exporters = get('OTEL_METRICS_EXPORTER');
  if (exporters) options.metricsExporters = parseExporters('OTEL_METRICS_EXPORTER', exporters);
  const port = get('OTEL_EXPORTER_PROMETHEUS_PORT');
  if (port !== undefined) options.port = parsePort('OTEL_EXPORTER_PROMETHEUS_PORT', port);
  if (get('OTEL_EXPORTER_PROMETHEUS_HOST')) options.host = get('OTEL_EXPORTER_PROMETHEUS_HOST');
  const otlp = otlpFromEnv(get);
  if (Object.keys(otlp).length > 0) options.otlp = otlp;
  const bearer = get('DMARKET_TELEMETRY_METRICS_BEARER_TOKEN');
  const basic = get('DMARKET_TELEMETRY_METRICS_BASIC_AUTH');
  if (bearer) options.metricsAuth = { bearerToken: bearer };
  else if (basic) {
    const colon = basic.indexOf(':');
    if (colon <= 0) throw new TelemetryConfigError('DMARKET_TELEMETRY_METRICS_BASIC_AUTH: use user:password');
    options.metricsAuth = { username: basic.slice(0, colon), password: basic.slice(colon + 1) };
  }
  const traces = get('OTEL_TRACES_EXPORTER');
  if (traces) {
    const names = traces.split(',').map((t) => t.trim().toLowerCase());
    for (const name of names) {
      if (!(TRACES_EXPORTERS as readonly string[]).includes(name)) {
        throw new TelemetryConfigError(
          `OTEL_TRACES_EXPORTER: entry ${names.indexOf(name) + 1} is not a known exporter; accepted: ${TRACES_EXPORTERS.join(', ')}`,
        );
      }
    }
    options.tracesExporters = names.filter((n) => n !== 'none') as TracesExporterName[];
    options.traces = options.tracesExporters.length > 0;
  }
  return options;
}

function otlpFromEnv(get: (name: string) => string | undefined): OtlpOptions {
  const otlp: Mutable<OtlpOptions> = {};
  const protocolVar = get('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL') ? 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = get(protocolVar);
  if (protocol) otlp.protocol = parseProtocol(protocolVar, protocol);
  const specific = get('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  const base = get('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (specific) otlp.endpoint = parseUrl('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', specific);
  else if (base) {
    const url = parseUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base);
    // The generic endpoint is a base URL: HTTP appends the signal path, gRPC uses it as is.
    otlp.endpoint = otlp.protocol === 'grpc' ? url : `${url.replace(/\/+$/, '')}/v1/metrics`;
  }
  const headersVar = get('OTEL_EXPORTER_OTLP_METRICS_HEADERS') ? 'OTEL_EXPORTER_OTLP_METRICS_HEADERS' : 'OTEL_EXPORTER_OTLP_HEADERS';
  const headers = get(headersVar);
  if (headers) otlp.headers = parseKeyValues(headersVar, headers);
  const interval = get('OTEL_METRIC_EXPORT_INTERVAL');
  if (interval) otlp.exportIntervalMillis = parseMillis('OTEL_METRIC_EXPORT_INTERVAL', interval);
  const timeout = get('OTEL_METRIC_EXPORT_TIMEOUT');
  if (timeout) otlp.exportTimeoutMillis = parseMillis('OTEL_METRIC_EXPORT_TIMEOUT', timeout);
  return otlp;
}

export function parseExporters(name: string, value: string): MetricsExporterName[] {
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const exporter of names) {
    if (!(METRICS_EXPORTERS as readonly string[]).includes(exporter)) {
      throw new TelemetryConfigError(
        `${name}: entry ${names.indexOf(exporter) + 1} is not a known exporter; accepted: ${METRICS_EXPORTERS.join(', ')} (comma-separated)`,
      );
    }
  }
  return names.includes('none') ? [] : [...new Set(names as MetricsExporterName[])];
}

export function parseProtocol(name: string, value: string): OtlpProtocol {
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(value)) {
    throw new TelemetryConfigError(`${name}: not a known protocol; accepted: ${OTLP_PROTOCOLS.join(', ')}`);
  }
  return value as OtlpProtocol;
}

export function parseUrl(name: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new TelemetryConfigError(`${name}: not an http:// or https:// URL (the value is not shown: it may hold credentials)`);
}

/** `key1=value1,key2=value2`, percent-decoded (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES, `headers_list`). */
export function parseKeyValues(name: string, value: string): Record<string, string> {
  const out: Record<string, string> = {};
  value.split(',').forEach((pair, i) => {
    if (pair.trim() === '') return;
    const eq = pair.indexOf('=');
    // Values are never echoed: headers carry tokens.
    if (eq <= 0) throw new TelemetryConfigError(`${name}: entry ${i + 1} is not key=value; use key1=value1,key2=value2`);
    const decode = (text: string, part: string): string => {
      try {
        return decodeURIComponent(text.trim());
      } catch {
        throw new TelemetryConfigError(`${name}: the ${part} of entry ${i + 1} has malformed percent-encoding (write % as %25)`);
      }
    };
    out[decode(pair.slice(0, eq), 'key')] = decode(pair.slice(eq + 1), 'value');
  });
  return out;
}

function parseBool(name: string, value: string): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  throw new TelemetryConfigError(`${name}: not a boolean; use true or false`);
}

function parseMillis(name: string, value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms <= 0) throw new TelemetryConfigError(`${name}: not a positive whole number of milliseconds`);
  return ms;
}

function parsePort(name: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new TelemetryConfigError(`${name}: not a port; use a whole number from 0 to 65535`);
  }
  return port;
}

import type { ConfigurationModel } from '@opentelemetry/configuration';
import { createRequire } from 'node:module';
import type { HistogramName } from '../catalog.js';
import { CATALOG } from '../catalog.js';
import type { TelemetryOptions } from './options.js';
import { TelemetryConfigError } from './errors.js';
import { parseKeyValues, parseUrl } from './env.js';
import type { MetricsExporterName, OtlpOptions } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Node = Record<string, unknown>;

export interface FileOptions {
  readonly options: TelemetryOptions;
  /** Keys present in the file that this SDK does not apply, by path. */
  readonly ignored: readonly string[];
}

/**
 * Reads an OpenTelemetry declarative configuration file (`file_format: "1.0"`) with
 * @opentelemetry/configuration (YAML, `${VAR}` substitution, schema validation) and maps the
 * parts this layer supports to options. Every other key present is reported in `ignored`.
 */
export function optionsFromFile(path: string, env: Readonly<Record<string, string | undefined>> = process.env): FileOptions {
  const model = parseWithOtel(path, env);
  const ignored: string[] = [];
  const options: Mutable<TelemetryOptions> = {};
  for (const key of Object.keys(model)) {
    if (!['file_format', 'disabled', 'resource', 'meter_provider'].includes(key)) ignored.push(key);
  }
  if (typeof model.disabled === 'boolean') options.disabled = model.disabled;
  const attributes = resourceAttributes(model, ignored);
  if (attributes) options.resourceAttributes = attributes;
  const meterProvider = model.meter_provider as Node | undefined;
  if (meterProvider) {
    for (const key of Object.keys(meterProvider)) if (!['readers', 'views'].includes(key)) ignored.push(`meter_provider.${key}`);
    Object.assign(options, readers((meterProvider['readers'] as Node[] | undefined) ?? [], ignored));
    const buckets = views((meterProvider['views'] as Node[] | undefined) ?? [], ignored);
    if (Object.keys(buckets).length > 0) options.buckets = buckets;
  }
  return { options, ignored };
}

function parseWithOtel(path: string, env: Readonly<Record<string, string | undefined>>): ConfigurationModel {
  // The parser substitutes `${VAR}` from process.env; for the length of this synchronous parse it
  // is the `env` option's variables, so a file reads the same environment as everything else.
  const saved = process.env;
  process.env = { ...(env === saved ? saved : env), OTEL_CONFIG_FILE: path };
  try {
    // Loaded only when a file is configured: the parser and YAML are a third of the import time.
    const { createConfigFactory } = createRequire(import.meta.url)(
      '@opentelemetry/configuration',
    ) as typeof import('@opentelemetry/configuration');
    return createConfigFactory().getConfigModel();
  } catch (error) {
    throw new TelemetryConfigError(
      `OTEL_CONFIG_FILE ${path}: ${(error as Error).message.replace(/^Invalid OpenTelemetry config file: [^:]*: /, '')}`,
    );
  } finally {
    process.env = saved;
  }
}

function resourceAttributes(model: ConfigurationModel, ignored: string[]): Record<string, string | number | boolean> | undefined {
  const resource = model.resource as Node | undefined;
  if (!resource) return undefined;
  for (const key of Object.keys(resource)) if (!['attributes', 'attributes_list'].includes(key)) ignored.push(`resource.${key}`);
  const out: Record<string, string | number | boolean> = {};
  for (const { name, value } of (resource['attributes'] as Array<{ name: string; value: unknown }> | undefined) ?? []) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = value;
  }
  return out;
}

function readers(list: Node[], ignored: string[]): Partial<Mutable<TelemetryOptions>> {
  const exporters: MetricsExporterName[] = [];
  const out: Partial<Mutable<TelemetryOptions>> = {};
  list.forEach((reader, i) => {
    const at = `meter_provider.readers[${i}]`;
    const pull = reader['pull'] as Node | undefined;
    const periodic = reader['periodic'] as Node | undefined;
    if (pull) {
      const exporter = (pull['exporter'] ?? {}) as Node;
      const prom = exporter['prometheus/development'] as Node | null | undefined;
      if (!('prometheus/development' in exporter))
        throw new TelemetryConfigError(
          `${at}.pull.exporter: unknown exporter ${Object.keys(exporter).join(', ')}; accepted: prometheus/development`,
        );
      for (const key of Object.keys(prom ?? {}))
        if (!['host', 'port'].includes(key)) ignored.push(`${at}.pull.exporter.prometheus/development.${key}`);
      if (typeof prom?.['host'] === 'string') out.host = prom['host'];
      if (typeof prom?.['port'] === 'number') out.port = prom['port'];
      exporters.push('prometheus');
    }
    if (periodic) {
      const push = pushExporter(periodic, at, ignored);
      exporters.push(push.name);
      if (push.otlp) out.otlp = push.otlp;
    }
  });
  out.metricsExporters = exporters;
  return out;
}

function pushExporter(periodic: Node, at: string, ignored: string[]): { name: MetricsExporterName; otlp?: OtlpOptions } {
  for (const key of Object.keys(periodic)) if (!['interval', 'timeout', 'exporter'].includes(key)) ignored.push(`${at}.periodic.${key}`);
  const exporter = (periodic['exporter'] ?? {}) as Node;
  const interval = typeof periodic['interval'] === 'number' ? periodic['interval'] : undefined;
  const timeout = typeof periodic['timeout'] === 'number' ? periodic['timeout'] : undefined;
  if ('console' in exporter) return { name: 'console', otlp: interval ? { exportIntervalMillis: interval } : undefined };
  const kind = 'otlp_http' in exporter ? 'otlp_http' : 'otlp_grpc' in exporter ? 'otlp_grpc' : undefined;
  if (!kind)
    throw new TelemetryConfigError(
      `${at}.periodic.exporter: unknown exporter ${Object.keys(exporter).join(', ')}; accepted: otlp_http, otlp_grpc, console`,
    );
  const config = (exporter[kind] ?? {}) as Node;
  for (const key of Object.keys(config))
    if (!['endpoint', 'headers', 'headers_list', 'timeout', 'encoding'].includes(key))
      ignored.push(`${at}.periodic.exporter.${kind}.${key}`);
  const otlp: Mutable<OtlpOptions> = {
    protocol: kind === 'otlp_grpc' ? 'grpc' : config['encoding'] === 'json' ? 'http/json' : 'http/protobuf',
  };
  if (typeof config['endpoint'] === 'string')
    otlp.endpoint = oneSlash(parseUrl(`${at}.periodic.exporter.${kind}.endpoint`, config['endpoint']));
  // `headers_list` is the OTEL_EXPORTER_OTLP_HEADERS format; `headers` wins on the same name (as the schema says).
  const list = config['headers_list'];
  const headers = {
    ...(typeof list === 'string' ? parseKeyValues(`${at}.periodic.exporter.${kind}.headers_list`, list) : {}),
    ...Object.fromEntries(((config['headers'] as Array<{ name: string; value: string }> | undefined) ?? []).map((h) => [h.name, h.value])),
  };
  if (Object.keys(headers).length > 0) otlp.headers = headers;
  if (interval) otlp.exportIntervalMillis = interval;
  const exportTimeout = timeout ?? (typeof config['timeout'] === 'number' ? config['timeout'] : undefined);
  if (exportTimeout) otlp.exportTimeoutMillis = exportTimeout;
  return { name: 'otlp', otlp };
}

/**
 * `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/metrics` with a base URL written with a trailing slash reads
 * `…//v1/metrics`, which collectors answer with 404; one slash is what is meant.
 */
function oneSlash(endpoint: string): string {
  const url = new URL(endpoint);
  if (!url.pathname.includes('//')) return endpoint;
  url.pathname = url.pathname.replace(/\/{2,}/g, '/');
  return url.href;
}

/** Only explicit bucket boundaries for catalog histograms are applied; the catalog's views stay. */
function views(list: Node[], ignored: string[]): Partial<Record<HistogramName, number[]>> {
  const histograms = new Set<string>(CATALOG.filter((s) => s.kind === 'histogram').map((s) => s.name));
  const out: Partial<Record<HistogramName, number[]>> = {};
  list.forEach((view, i) => {
    const name = (view['selector'] as Node | undefined)?.['instrument_name'];
    const boundaries = (
      ((view['stream'] as Node | undefined)?.['aggregation'] as Node | undefined)?.['explicit_bucket_histogram'] as Node | undefined
    )?.['boundaries'];
    if (typeof name === 'string' && histograms.has(name) && Array.isArray(boundaries)) out[name as HistogramName] = boundaries as number[];
    else ignored.push(`meter_provider.views[${i}]`);
  });
  return out;
}

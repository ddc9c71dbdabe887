import type { TelemetryOptions } from './options.js';
import { TelemetryConfigError } from './errors.js';

/*
 * Checks of the option bag as given in code, before anything is merged or read from it: a
 * section that is not an object would be spread into garbage (`otlp: 'k=v'` → keys 0, 1, 2) or
 * throw a TypeError half-way through start-up.
 */

/** Every top-level option; a Record so the compiler fails when TelemetryOptions gains one. */
const OPTION_KEYS: Readonly<Record<keyof TelemetryOptions, true>> = {
  serviceName: true,
  serviceVersion: true,
  serviceInstanceId: true,
  resourceAttributes: true,
  labelCaps: true,
  endpointTemplates: true,
  host: true,
  port: true,
  seriesLimit: true,
  buckets: true,
  onListenError: true,
  registerGlobal: true,
  logger: true,
  autoInstrument: true,
  dmarketHosts: true,
  traces: true,
  tracesExporters: true,
  metricsExporters: true,
  otlp: true,
  disabled: true,
  configFile: true,
  env: true,
  metricsAuth: true,
  handleSignals: true,
  metricsCompression: true,
  runtimeMetrics: true,
  healthChecks: true,
  healthCheckTimeoutMs: true,
};

/** Keys of the sections whose unknown keys are warned about (metricsAuth's are errors: see below). */
const SECTION_KEYS: Readonly<Record<string, readonly string[]>> = {
  otlp: ['endpoint', 'protocol', 'headers', 'exportIntervalMillis', 'exportTimeoutMillis'],
  healthChecks: ['eventLoopDelayMs', 'eventLoopWindowSeconds', 'dmarketDegradedAfterSeconds', 'dmarketFailAfterSeconds'],
};

export const METRICS_AUTH_KEYS = ['bearerToken', 'username', 'password', 'protectHealth'] as const;

/** Sections that must be objects of their own (keyed by name, not arrays, Maps or strings). */
const SECTIONS = ['healthChecks', 'otlp', 'metricsAuth', 'buckets', 'labelCaps', 'resourceAttributes', 'env'] as const;

/** An object literal or a class instance: not null, an array, a Map, a Date, a string. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
}

/**
 * The option bag of `startTelemetry(options)`: `undefined` and `null` mean no options (JS
 * callers pass `null` for "none"); anything else that is not an object is a TelemetryConfigError.
 */
export function optionBag(given: unknown): TelemetryOptions | TelemetryConfigError {
  if (given === undefined || given === null) return {};
  if (isPlainObject(given)) return given as TelemetryOptions;
  return new TelemetryConfigError('options: must be an object of options (see docs/configuration.md), or nothing');
}

/**
 * The shape of the options given in code: sections are objects, `logger` can warn, `env` holds
 * strings. Unknown keys are warned about and ignored (JS callers, options of later versions).
 */
export function validateGiven(given: TelemetryOptions, warn: (message: string) => void): void {
  const bag = optionBag(given);
  if (bag instanceof TelemetryConfigError) throw bag;
  const logger: unknown = bag.logger;
  if (logger !== undefined && (typeof logger !== 'object' || logger === null || typeof (logger as { warn?: unknown }).warn !== 'function'))
    throw new TelemetryConfigError('logger: must be an object with a warn(message) function, such as console');
  for (const key of SECTIONS) {
    const value: unknown = bag[key];
    if (value !== undefined && !isPlainObject(value)) throw new TelemetryConfigError(`${key}: must be an object`);
  }
  const headers: unknown = bag.otlp?.headers;
  if (headers !== undefined && !isPlainObject(headers))
    throw new TelemetryConfigError('otlp.headers: must be an object of header names to strings');
  const file: unknown = bag.configFile;
  if (file !== undefined && (typeof file !== 'string' || file.trim() === ''))
    throw new TelemetryConfigError('configFile: must be the path of a configuration file');
  for (const [name, value] of Object.entries(bag.env ?? {})) {
    if (value !== undefined && typeof value !== 'string') throw new TelemetryConfigError(`env.${name}: must be a string`);
  }
  const unknown = [
    ...unknownKeys('', bag, Object.keys(OPTION_KEYS)),
    ...Object.entries(SECTION_KEYS).flatMap(([section, keys]) => unknownKeys(`${section}.`, bag[section as keyof TelemetryOptions], keys)),
  ];
  for (const path of unknown) warn(`dmarket-bot-telemetry: option "${path}" is not known and is ignored${hint(path)}`);
}

function unknownKeys(prefix: string, section: unknown, known: readonly string[]): string[] {
  if (!isPlainObject(section)) return [];
  return Object.keys(section)
    .filter((key) => !known.includes(key) && section[key] !== undefined)
    .map((key) => `${prefix}${key}`);
}

/** `seriesLimt` → ` (did you mean "seriesLimit"?)`: a known key at most two edits away. */
function hint(path: string): string {
  const dot = path.lastIndexOf('.');
  const key = path.slice(dot + 1);
  const known = dot === -1 ? Object.keys(OPTION_KEYS) : (SECTION_KEYS[path.slice(0, dot)] ?? []);
  const near = known.find((candidate) => distance(key.toLowerCase(), candidate.toLowerCase()) <= 2);
  return near ? ` (did you mean "${dot === -1 ? '' : path.slice(0, dot + 1)}${near}"?)` : '';
}

/** Levenshtein distance, for the hint above (short keys, once per unknown key). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
}

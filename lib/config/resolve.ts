import { diag } from '@opentelemetry/api';
import type { TelemetryOptions } from './options.js';
import { optionsFromEnv } from './env.js';
import { optionsFromFile } from './file.js';
import { validateOptions } from './validate.js';

/**
 * The effective options: explicit `startTelemetry` options > config file > OTEL_* environment
 * > defaults. Invalid values anywhere throw a TelemetryConfigError before anything starts, so
 * a half-applied configuration never runs. Keys the file sets but this SDK ignores are warned.
 */
export function resolveOptions(explicit: TelemetryOptions, warn: (message: string) => void): TelemetryOptions {
  const env = explicit.env ?? process.env;
  const fromEnv = optionsFromEnv(env);
  const file = explicit.configFile ?? env['OTEL_CONFIG_FILE'];
  const fromFile = file ? optionsFromFile(file) : { options: {}, ignored: [] };
  for (const key of fromFile.ignored) {
    const message = `dmarket-bot-telemetry: OTEL_CONFIG_FILE key "${key}" is not supported by this SDK and is ignored`;
    warn(message);
    diag.warn(message);
  }
  const given = definedOnly(explicit);
  const resolved: TelemetryOptions = {
    ...fromEnv,
    ...fromFile.options,
    ...given,
    otlp: { ...fromEnv.otlp, ...fromFile.options.otlp, ...explicit.otlp },
    resourceAttributes: { ...fromEnv.resourceAttributes, ...fromFile.options.resourceAttributes, ...explicit.resourceAttributes },
    buckets: { ...fromFile.options.buckets, ...explicit.buckets },
  };
  validateOptions(resolved);
  return resolved;
}

function definedOnly(options: TelemetryOptions): TelemetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as TelemetryOptions;
}

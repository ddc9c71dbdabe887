import { diag } from '@opentelemetry/api';
import type { MetricsAuth, TelemetryOptions } from './options.js';
import { withDefaults, type ResolvedOptions } from './defaults.js';
import { optionsFromEnv } from './env.js';
import { optionsFromFile } from './file.js';
import { validateOptions } from './validate.js';
import { validateGiven } from './validate-shape.js';

/**
 * The effective options: explicit `startTelemetry` options > config file > OTEL_* environment
 * > defaults. Invalid values anywhere throw a TelemetryConfigError before anything starts, so
 * a half-applied configuration never runs. Keys the file sets but this SDK ignores are warned.
 */
export function resolveOptions(explicit: TelemetryOptions, warn: (message: string) => void): ResolvedOptions {
  // The shape first: a section that is not an object would be spread into nonsense below.
  validateGiven(explicit, (message) => {
    warn(message);
    diag.warn(message);
  });
  const env = explicit.env ?? process.env;
  const fromEnv = optionsFromEnv(env);
  const file = explicit.configFile ?? env['OTEL_CONFIG_FILE'];
  const fromFile = file ? optionsFromFile(file, env) : { options: {}, ignored: [] };
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
    metricsAuth: authOf(fromEnv.metricsAuth, explicit.metricsAuth),
  };
  validateOptions(resolved);
  return withDefaults(resolved);
}

/**
 * Credentials given in code replace the environment's; `metricsAuth: { protectHealth: true }`
 * alone keeps the environment's token (and protects `/health` with it) instead of dropping it.
 */
function authOf(fromEnv: MetricsAuth | undefined, given: MetricsAuth | undefined): MetricsAuth | undefined {
  if (given === undefined) return fromEnv;
  const credentials = (['bearerToken', 'username', 'password'] as const).some((key) => given[key] !== undefined);
  return credentials ? given : { ...fromEnv, ...given };
}

function definedOnly(options: TelemetryOptions): TelemetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as TelemetryOptions;
}

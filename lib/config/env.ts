import type { TelemetryOptions } from '../options.js';

/** A configuration value that cannot be used; the message names the variable and what it accepts. */
export class TelemetryConfigError extends Error {
  constructor(message: string) {
    super(`dmarket-bot-telemetry: ${message}`);
    this.name = 'TelemetryConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Options from the environment, for the preload entry. Standard OTel names where one exists:
 * OTEL_SERVICE_NAME, OTEL_EXPORTER_PROMETHEUS_HOST / _PORT (default port here is 8000, not 9464).
 * DMARKET_API_URL (the bot's own setting) adds its host to the captured DMarket hosts.
 */
export function optionsFromEnv(env: Env = process.env): TelemetryOptions {
  const options: { -readonly [K in keyof TelemetryOptions]: TelemetryOptions[K] } = {};
  const port = env['OTEL_EXPORTER_PROMETHEUS_PORT'];
  if (port !== undefined && port !== '') options.port = parsePort('OTEL_EXPORTER_PROMETHEUS_PORT', port);
  if (env['OTEL_EXPORTER_PROMETHEUS_HOST']) options.host = env['OTEL_EXPORTER_PROMETHEUS_HOST'];
  if (env['OTEL_SERVICE_NAME']) options.serviceName = env['OTEL_SERVICE_NAME'];
  return options;
}

function parsePort(name: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new TelemetryConfigError(`${name}=${JSON.stringify(value)} is not a port; use a whole number from 0 to 65535`);
  }
  return port;
}

import { startTelemetry, type TelemetryHandle } from './start.js';
import type { TelemetryOptions } from './config/options.js';
import { TelemetryConfigError } from './config/errors.js';

/**
 * The seed's `run_prometheus_server(port=8000)`: starts telemetry with the endpoint on `port`,
 * given as the seed passed it (`runPrometheusServer(9464)`) or as an option
 * (`runPrometheusServer({ port: 9464 })`). New code should call `startTelemetry()` directly.
 */
export function runPrometheusServer(portOrOptions: number | ({ port?: number } & TelemetryOptions) = {}): Promise<TelemetryHandle> {
  if (typeof portOrOptions === 'number') return startTelemetry({ port: portOrOptions });
  if (typeof portOrOptions === 'string' || typeof portOrOptions === 'bigint')
    return Promise.reject(
      new TelemetryConfigError('port: must be a whole number from 0 to 65535 (runPrometheusServer(8000) or runPrometheusServer({ port }))'),
    );
  return startTelemetry(portOrOptions);
}

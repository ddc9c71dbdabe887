import { startTelemetry, type TelemetryHandle } from './start.js';
import type { TelemetryOptions } from './config/options.js';

/**
 * The seed's `run_prometheus_server(port=8000)`: starts telemetry with the endpoint on `port`.
 * New code should call `startTelemetry()` directly.
 */
export function runPrometheusServer(options: { port?: number } & TelemetryOptions = {}): Promise<TelemetryHandle> {
  return startTelemetry(options);
}

import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { MetricsCollector } from './recording/metrics-collector.js';
import type { MetricsExporterName } from './config/types.js';
import type { HealthRegistry } from './server/health.js';

export interface TelemetryHandle {
  /** The recording API bound to this provider (the static MetricsCollector calls use it too). */
  readonly metrics: MetricsCollector;
  readonly meterProvider: MeterProvider;
  /** Register `/health` checks here. */
  readonly health: HealthRegistry;
  /** The metric readers that run (`[]` when disabled or `none`). */
  readonly readers: readonly MetricsExporterName[];
  /** The bound endpoint, or `undefined` when running without one. */
  readonly endpoint: { readonly host: string; readonly port: number; readonly url: string } | undefined;
  /** Closes the server, flushes push exporters and shuts the provider down; safe to call twice. */
  shutdown(): Promise<void>;
}

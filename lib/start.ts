import { createNoopMeter, metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { MetricsCollector } from './collector/singleton.js';
import { resolveOptions } from './config/resolve.js';
import type { TelemetryHandle } from './handle.js';
import { startAutoCapture } from './http/setup.js';
import { DEFAULT_HOST, DEFAULT_PORT, type TelemetryOptions } from './options.js';
import { CatalogInstruments } from './sdk/instruments.js';
import { libraryVersion, PACKAGE_NAME } from './sdk/package-info.js';
import { loadOptionalExporters, needsOptionalExporters } from './sdk/push-exporters.js';
import { buildReaders, type Readers } from './sdk/readers.js';
import { buildResource, serviceVersion } from './sdk/resource.js';
import { startTracing } from './sdk/tracing.js';
import { catalogViews, instrumentationDropViews, validateBuckets } from './sdk/views.js';
import { Exposition } from './server/exposition.js';
import { DEFAULT_DMARKET_DEGRADED_AFTER_SECONDS, DEFAULT_EVENT_LOOP_DELAY_MS, EventLoopCheck, type BuiltinHealthOptions } from './server/builtin-checks.js';
import { runtimeViews, startRuntimeMetrics } from './runtime/runtime-metrics.js';
import { HealthRegistry, type TelemetryStatus } from './server/health.js';
import { SHUTDOWN_TIMEOUT_MS, shutdownOnSignals } from './signals.js';
import { TelemetryServer } from './server/telemetry-server.js';

export type { TelemetryHandle };

/**
 * One call at bot start-up: configuration (options > OTEL_CONFIG_FILE > OTEL_* > defaults),
 * provider with the catalog's views, the readers, API auto-capture, and `/metrics` + `/health`
 * on :8000. Rejects with a TelemetryConfigError on invalid configuration, before starting anything.
 */
export async function startTelemetry(explicit: TelemetryOptions = {}): Promise<TelemetryHandle> {
  const logger = explicit.logger ?? console;
  const options = resolveOptions(explicit, (m) => logger.warn(m));
  validateBuckets(options.buckets ?? {});
  if (options.disabled) return disabledHandle(options);

  const metricNames = options.metricsExporters ?? ['prometheus'];
  const traceNames = options.tracesExporters ?? [];
  // Awaits only when an OTLP exporter is selected (its optional package is imported); otherwise
  // nothing is awaited before `http` is patched below, as the `--require` preload needs.
  const optional = needsOptionalExporters(metricNames, traceNames) ? await loadOptionalExporters(metricNames, traceNames, options.otlp) : {};
  const readers = buildReaders(metricNames, options.otlp, optional.metrics);
  const resource = buildResource(options);
  const meterProvider = new MeterProvider({
    resource,
    views: [...catalogViews(options.buckets), ...instrumentationDropViews(), ...runtimeViews()],
    readers: [...readers.all],
  });
  const meter = meterProvider.getMeter(PACKAGE_NAME, libraryVersion());
  const stopRuntime = options.runtimeMetrics === false ? undefined : startRuntimeMetrics(meterProvider);
  const stopTracing = startTracing(traceNames, resource, optional.traces);
  const collector = new MetricsCollector(new CatalogInstruments(meter, options.buckets, options.seriesLimit), options);
  // Before the first await: a preload that does not await still patches `http` in time.
  const detachCapture = options.autoInstrument === false ? undefined : startAutoCapture(collector, options);
  const health = new HealthRegistry(serviceVersion(options), options.healthCheckTimeoutMs);
  let endpointStatus: TelemetryStatus['endpoint'] = { listening: true };
  health.setTelemetryStatus(() => telemetryStatus(readers, endpointStatus));
  const stopBuiltinChecks = registerBuiltinChecks(health, collector, options.healthChecks);
  const server = new TelemetryServer(
    { host: options.host ?? DEFAULT_HOST, port: options.port ?? DEFAULT_PORT, auth: options.metricsAuth, compression: options.metricsCompression },
    readers.prometheus ? new Exposition(readers.prometheus) : undefined,
    health,
  );
  // Everything that hooks into the process (channels, timers, perf observers), undone in one place.
  const unhook = (): void => {
    detachCapture?.();
    collector.close();
    stopBuiltinChecks();
    stopRuntime?.();
  };

  let listening = true;
  try {
    await server.listen();
  } catch (error) {
    if (options.onListenError !== 'continue') {
      unhook();
      await stopTracing?.();
      await meterProvider.shutdown().catch(() => undefined);
      throw error;
    }
    listening = false;
    endpointStatus = { listening: false, error: (error as Error).message };
    logger.warn(`${(error as Error).message}; continuing without the metrics endpoint`);
  }

  const registerGlobal = options.registerGlobal ?? true;
  const ownsGlobal = registerGlobal && metrics.setGlobalMeterProvider(meterProvider);
  if (registerGlobal) MetricsCollector.setActive(collector);

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (stopping ??= (async () => {
      if (MetricsCollector.getActive() === collector) MetricsCollector.setActive(undefined);
      unhook();
      if (ownsGlobal) metrics.disable();
      // Provider shutdown makes every push reader export one last time; bounded for a hung backend.
      await Promise.allSettled([server.close(), meterProvider.shutdown({ timeoutMillis: SHUTDOWN_TIMEOUT_MS }), stopTracing?.()]);
    })());
  if (options.handleSignals) shutdownOnSignals(shutdown);

  const endpoint = listening ? endpointOf(server) : undefined;
  return { metrics: collector, meterProvider, health, readers: readers.names, endpoint, shutdown };
}

/** `event_loop` and `dmarket_api` in /health, unless switched off; returns the cleanup. */
function registerBuiltinChecks(health: HealthRegistry, collector: MetricsCollector, options: BuiltinHealthOptions = {}): () => void {
  const loopMs = options.eventLoopDelayMs ?? DEFAULT_EVENT_LOOP_DELAY_MS;
  const loop = loopMs === false ? undefined : new EventLoopCheck(loopMs);
  if (loop) health.register('event_loop', loop.check);
  const degraded = options.dmarketDegradedAfterSeconds ?? DEFAULT_DMARKET_DEGRADED_AFTER_SECONDS;
  const fail = options.dmarketFailAfterSeconds ?? false;
  if (degraded !== false || fail !== false) health.register('dmarket_api', collector.state.dmarket.check(degraded, fail));
  return () => loop?.close();
}

/** OTEL_SDK_DISABLED: every call is a no-op, nothing listens, nothing is patched. */
function disabledHandle(options: TelemetryOptions): TelemetryHandle {
  const collector = new MetricsCollector(new CatalogInstruments(createNoopMeter()), options);
  if (options.registerGlobal ?? true) MetricsCollector.setActive(collector);
  const shutdown = async (): Promise<void> => {
    if (MetricsCollector.getActive() === collector) MetricsCollector.setActive(undefined);
  };
  return { metrics: collector, meterProvider: new MeterProvider(), health: new HealthRegistry(serviceVersion(options)), readers: [], endpoint: undefined, shutdown };
}

function telemetryStatus(readers: Readers, endpoint: TelemetryStatus['endpoint']): TelemetryStatus {
  const exports = Object.fromEntries(readers.push.map((p) => [p.name, p.exporter.last ?? null]));
  return { readers: [...readers.names], endpoint, exports };
}

function endpointOf(server: TelemetryServer): TelemetryHandle['endpoint'] {
  const { host, port } = server.address();
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return { host, port, url: `http://${urlHost}:${port}` };
}

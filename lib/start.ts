import { createNoopMeter, metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { CATALOG } from './catalog.js';
import { MetricsCollector, setStaticTarget, staticTarget } from './recording/metrics-collector.js';
import { loggerOf, registersGlobal, serviceVersion, type ResolvedOptions } from './config/defaults.js';
import { resolveOptions } from './config/resolve.js';
import { optionBag } from './config/validate-shape.js';
import type { TelemetryHandle } from './handle.js';
import { startAutoCapture } from './capture/setup.js';
import { claimCapture, holdPort, readSlot, releaseCapture, writeSlot } from './process-state.js';
import type { TelemetryLogger, TelemetryOptions } from './config/options.js';
import { ExportAttempts } from './sdk/export-attempts.js';
import { CatalogInstruments } from './sdk/instruments.js';
import { libraryVersion, PACKAGE_NAME } from './config/package-info.js';
import { loadOptionalExporters, needsOptionalExporters } from './sdk/push-exporters.js';
import { buildReaders, startPush, type Readers } from './sdk/readers.js';
import { buildResource } from './sdk/resource.js';
import { startTracing } from './sdk/tracing.js';
import { catalogViews, instrumentationDropViews } from './sdk/views.js';
import { Exposition } from './server/exposition.js';
import { EventLoopCheck, type BuiltinHealthOptions } from './server/builtin-checks.js';
import { runtimeViews, startRuntimeMetrics } from './runtime/runtime-metrics.js';
import { HealthRegistry, type TelemetryStatus } from './server/health.js';
import { SHUTDOWN_TIMEOUT_MS, shutdownOnSignals } from './signals.js';
import { TelemetryServer } from './server/telemetry-server.js';

export type { TelemetryHandle };

/** The running (or starting) global instance and where it was started from, for messages. */
interface Running {
  readonly handle: Promise<TelemetryHandle>;
  readonly startedBy: string;
}

/** @internal Process-wide slots of this module (lib/process-state.ts). */
declare module './process-state.js' {
  interface ProcessSlots {
    /** The global instance: `startTelemetry()` is idempotent per process. */
    globalInstance: Running;
  }
}

/**
 * One call at bot start-up: configuration (options > OTEL_CONFIG_FILE > OTEL_* > defaults),
 * provider with the catalog's views, the readers, API auto-capture, and `/metrics` + `/health`
 * on :8000. Rejects with a TelemetryConfigError on invalid configuration, before starting anything.
 *
 * Idempotent per process: while an instance runs (from the preload entry or an earlier call),
 * another call returns that instance's handle and applies none of its own options (one warning
 * names who started it). `registerGlobal: false` starts a private, additional instance.
 */
export function startTelemetry(explicit: TelemetryOptions = {}): Promise<TelemetryHandle> {
  // `null` means no options; a bag that is not an object rejects before anything is read from it.
  const bag = optionBag(explicit);
  return bag instanceof Error ? Promise.reject(bag) : startAs(callerOf(new Error().stack), bag);
}

/** @internal The preload entry starts through here, so later calls can name it. */
export function startAs(startedBy: string, explicit: TelemetryOptions): Promise<TelemetryHandle> {
  const global = registersGlobal(explicit);
  // Only startAs registers instances, always with a TelemetryHandle promise.
  const running = global ? readSlot('globalInstance') : undefined;
  if (running) return joinRunning(running, startedBy, explicit);
  let self: Promise<TelemetryHandle> | undefined;
  // Synchronous up to its first await, so a preload patches `http` before returning.
  // eslint-disable-next-line prefer-const -- the callback may run before startNew returns: undefined with let, a TDZ error with const
  self = startNew(explicit, global, startedBy, () => {
    if (self) releaseGlobal(self);
  });
  if (global) claimGlobal(self, startedBy);
  return self;
}

/** Registers a starting global instance; cleared again if its start fails or when it shuts down. */
function claimGlobal(handle: Promise<TelemetryHandle>, startedBy: string): void {
  const entry: Running = { handle, startedBy };
  writeSlot('globalInstance', entry);
  handle.catch(() => {
    if (readSlot('globalInstance') === entry) writeSlot('globalInstance', undefined);
  });
}

function releaseGlobal(handle: Promise<TelemetryHandle>): void {
  if (readSlot('globalInstance')?.handle === handle) writeSlot('globalInstance', undefined);
}

/** Where a start came from, for messages: the preload entry or the caller's first stack frame. */
function callerOf(stack: string | undefined): string {
  const frame = (stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .find((l) => !/[\\/]lib[\\/](start|seed-compat)\.[jt]s/.test(l));
  return frame ? `startTelemetry() ${frame}` : 'startTelemetry()';
}

async function joinRunning(running: Running, startedBy: string, explicit: TelemetryOptions): Promise<TelemetryHandle> {
  const handle = await running.handle.catch(() => undefined);
  // The earlier start failed: this call starts for real.
  if (!handle) return startAs(startedBy, explicit);
  const given = Object.keys(explicit).filter((k) => k !== 'logger' && explicit[k as keyof TelemetryOptions] !== undefined);
  if (given.length > 0) {
    loggerOf(explicit).warn(
      `dmarket-bot-telemetry: telemetry is already running (started by ${running.startedBy}); this call returns that instance and does not apply its options (${given.join(', ')})`,
    );
  }
  return handle;
}

async function startNew(explicit: TelemetryOptions, global: boolean, startedBy: string, onShutdown: () => void): Promise<TelemetryHandle> {
  const logger = loggerOf(explicit);
  const options = resolveOptions(explicit, (m) => logger.warn(m));
  if (options.disabled) return disabledHandle(options, onShutdown);
  // Everything set up from here is undone if a later step fails, so a failed start never leaves
  // capture claimed, timers running or channels subscribed (the next start must work).
  const teardown = new Teardown();
  try {
    return await assemble(options, { global, startedBy, onShutdown, logger }, teardown);
  } catch (error) {
    await teardown.run(true);
    throw error;
  }
}

interface StartContext {
  readonly global: boolean;
  readonly startedBy: string;
  readonly onShutdown: () => void;
  readonly logger: TelemetryLogger;
}

async function assemble(options: ResolvedOptions, context: StartContext, teardown: Teardown): Promise<TelemetryHandle> {
  const { global, startedBy, onShutdown, logger } = context;
  const metricNames = options.metricsExporters;
  const traceNames = options.tracesExporters;
  // Awaits only when an OTLP exporter is selected (its optional package is imported); otherwise
  // nothing is awaited before `http` is patched below, as the `--require` preload needs.
  const optional = needsOptionalExporters(metricNames, traceNames)
    ? await loadOptionalExporters(metricNames, traceNames, options.otlp)
    : {};
  const readers = buildReaders(metricNames, options.otlp, optional.metrics);
  const resource = buildResource(options);
  const meterProvider = new MeterProvider({
    resource,
    views: [...catalogViews(options.buckets, CATALOG, options.seriesLimit), ...instrumentationDropViews(), ...runtimeViews()],
    readers: [...readers.all],
  });
  startPush(readers);
  const attempts = watchExports(readers, options, logger);
  // The provider's shutdown runs the last push (bounded for a hung backend); then the export
  // requests still open are ended (a failed start also stops watching for retries at once).
  teardown.add(async (failed) => {
    await meterProvider.shutdown({ timeoutMillis: SHUTDOWN_TIMEOUT_MS }).catch(() => undefined);
    if (failed) attempts?.stop();
    else attempts?.close();
  });
  const meter = meterProvider.getMeter(PACKAGE_NAME, libraryVersion());
  if (options.runtimeMetrics) teardown.add(startRuntimeMetrics(meterProvider));
  const stopTracing = startTracing(traceNames, resource, optional.traces);
  if (stopTracing) teardown.add(stopTracing);
  const collector = MetricsCollector.create(new CatalogInstruments(meter, options.buckets, options.seriesLimit), options);
  teardown.add(() => collector.close());
  // Before the first await: a preload that does not await still patches `http` in time.
  // Capture belongs to one instance at a time: a second instance never takes it over.
  const owner = {};
  if (options.autoInstrument && claimCapture(owner)) {
    teardown.add(() => releaseCapture(owner));
    const capture = collector.beginCapture();
    teardown.add(() => capture.end());
    teardown.add(startAutoCapture(capture.calls, { hosts: options.dmarketHosts, traces: options.traces }));
  }
  const health = new HealthRegistry(serviceVersion(options), options.healthCheckTimeoutMs);
  let endpointStatus: TelemetryStatus['endpoint'] = { listening: true };
  health.setTelemetryStatus(() => telemetryStatus(readers, endpointStatus));
  teardown.add(registerBuiltinChecks(health, collector, options.healthChecks));
  const exposition = readers.prometheus
    ? new Exposition(readers.collection, PACKAGE_NAME, (reason) => collector.countDrop(reason, 'metrics collection'))
    : undefined;
  const server = new TelemetryServer(
    {
      host: options.host,
      port: options.port,
      auth: options.metricsAuth,
      compression: options.metricsCompression,
    },
    exposition,
    health,
  );

  let listening = true;
  try {
    await server.listen();
  } catch (error) {
    if (options.onListenError !== 'continue') throw error;
    listening = false;
    endpointStatus = { listening: false, error: (error as Error).message };
    logger.warn(`${(error as Error).message}; continuing without the metrics endpoint`);
  }

  const releasePort = listening ? holdPort(server.address().port, startedBy) : undefined;
  const ownsGlobal = global && metrics.setGlobalMeterProvider(meterProvider);
  if (global) setStaticTarget(collector);

  let stopping: Promise<void> | undefined;
  let offSignals: (() => void) | undefined;
  const shutdown = (): Promise<void> =>
    (stopping ??= (async () => {
      offSignals?.();
      if (staticTarget() === collector) setStaticTarget(undefined);
      // Hooks (channels, timers, perf observers) come off at once; pushes and tracing settle with the server.
      const stopped = teardown.run(false);
      if (ownsGlobal) metrics.disable();
      onShutdown();
      await Promise.allSettled([server.close(), stopped]);
      releasePort?.();
    })());
  if (options.handleSignals) offSignals = shutdownOnSignals(shutdown);

  const endpoint = listening ? endpointOf(server) : undefined;
  return { metrics: collector, meterProvider, health, readers: readers.names, endpoint, shutdown };
}

/**
 * What a start has set up, as undo steps. `run` takes them newest first: synchronous steps
 * (capture, timers, observers) finish at once, asynchronous ones (last push, tracing) settle together.
 */
class Teardown {
  private readonly steps: ((failed: boolean) => unknown)[] = [];

  add(step: (failed: boolean) => unknown): void {
    this.steps.push(step);
  }

  run(failed: boolean): Promise<unknown> {
    const steps = this.steps.splice(0).reverse();
    return Promise.allSettled(
      steps.map((step) => {
        try {
          return step(failed);
        } catch (error) {
          return Promise.reject(error);
        }
      }),
    );
  }
}

/** OTLP over HTTP: each attempt shows in `/health` at once; failures and recoveries are logged. */
function watchExports(readers: Readers, options: ResolvedOptions, logger: TelemetryLogger): ExportAttempts | undefined {
  for (const p of readers.push) p.exporter.reportTo((m) => logger.warn(m), `${p.name} metrics export`);
  const otlp = readers.push.find((p) => p.name === 'otlp');
  if (!otlp || options.otlp.protocol === 'grpc') return undefined;
  return new ExportAttempts(options.otlp.endpoint, (ok, error) => otlp.exporter.note(ok, error));
}

/** `event_loop` and `dmarket_api` in /health, unless switched off; returns the cleanup. */
function registerBuiltinChecks(health: HealthRegistry, collector: MetricsCollector, options: Required<BuiltinHealthOptions>): () => void {
  const { eventLoopDelayMs, eventLoopWindowSeconds, dmarketDegradedAfterSeconds: degraded, dmarketFailAfterSeconds: fail } = options;
  const loop = eventLoopDelayMs === false ? undefined : new EventLoopCheck(eventLoopDelayMs, eventLoopWindowSeconds * 1000);
  if (loop) health.register('event_loop', loop.check);
  if (degraded !== false || fail !== false) health.register('dmarket_api', collector.dmarketCheck(degraded, fail));
  return () => loop?.close();
}

/** OTEL_SDK_DISABLED: every call is a no-op, nothing listens, nothing is patched. */
function disabledHandle(options: ResolvedOptions, onShutdown: () => void): TelemetryHandle {
  const collector = MetricsCollector.create(new CatalogInstruments(createNoopMeter()), options);
  if (options.registerGlobal) setStaticTarget(collector);
  const shutdown = async (): Promise<void> => {
    if (staticTarget() === collector) setStaticTarget(undefined);
    // Its calls are no-ops on a no-op meter, but rate-limit expiry and active-user windows still run timers.
    collector.close();
    onShutdown();
  };
  return {
    metrics: collector,
    meterProvider: new MeterProvider(),
    health: new HealthRegistry(serviceVersion(options)),
    readers: [],
    endpoint: undefined,
    shutdown,
  };
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

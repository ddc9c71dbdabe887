import { metrics, ProxyTracerProvider, trace } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { MetricsCollector } from './collector/singleton.js';
import { DEFAULT_HOST, DEFAULT_PORT, type TelemetryOptions } from './options.js';
import { CatalogInstruments } from './sdk/instruments.js';
import { libraryVersion, PACKAGE_NAME } from './sdk/package-info.js';
import { buildResource, serviceVersion } from './sdk/resource.js';
import { catalogViews, instrumentationDropViews, validateBuckets } from './sdk/views.js';
import { ApiCallRecorder } from './http/api-call-recorder.js';
import { attachAutoCapture } from './http/auto-capture.js';
import { DEFAULT_DMARKET_HOSTS, HostFilter } from './http/host-filter.js';
import { Exposition } from './server/exposition.js';
import { HealthRegistry } from './server/health.js';
import { TelemetryServer } from './server/telemetry-server.js';

export interface TelemetryHandle {
  /** The recording API bound to this provider (the static MetricsCollector calls use it too). */
  readonly metrics: MetricsCollector;
  readonly meterProvider: MeterProvider;
  /** Register `/health` checks here. */
  readonly health: HealthRegistry;
  /** The bound endpoint, or `undefined` when running without one (`onListenError: 'continue'`). */
  readonly endpoint: { readonly host: string; readonly port: number; readonly url: string } | undefined;
  /** Closes the server and flushes and shuts the provider down; safe to call more than once. */
  shutdown(): Promise<void>;
}

/** One call at bot start-up: provider, views, instruments, `/metrics` and `/health` on :8000. */
export async function startTelemetry(options: TelemetryOptions = {}): Promise<TelemetryHandle> {
  validateBuckets(options.buckets ?? {});
  const reader = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({
    resource: buildResource(options),
    views: [...catalogViews(options.buckets), ...instrumentationDropViews()],
    readers: [reader],
  });
  const meter = meterProvider.getMeter(PACKAGE_NAME, libraryVersion());
  const collector = new MetricsCollector(new CatalogInstruments(meter, options.buckets), options);
  // Before the first await: a preload that does not await still patches `http` in time.
  const detachCapture = options.autoInstrument === false ? undefined : startAutoCapture(collector, options);
  const health = new HealthRegistry(serviceVersion(options), options.healthCheckTimeoutMs);
  const server = new TelemetryServer(
    { host: options.host ?? DEFAULT_HOST, port: options.port ?? DEFAULT_PORT },
    new Exposition(reader),
    health,
  );

  let listening = true;
  try {
    await server.listen();
  } catch (error) {
    if (options.onListenError !== 'continue') {
      detachCapture?.();
      await meterProvider.shutdown().catch(() => undefined);
      throw error;
    }
    listening = false;
    (options.logger ?? console).warn(`${(error as Error).message}; continuing without the metrics endpoint`);
  }

  const registerGlobal = options.registerGlobal ?? true;
  const ownsGlobal = registerGlobal && metrics.setGlobalMeterProvider(meterProvider);
  if (registerGlobal) MetricsCollector.setActive(collector);

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (stopping ??= (async () => {
      if (MetricsCollector.getActive() === collector) MetricsCollector.setActive(undefined);
      detachCapture?.();
      collector.state.autoCaptureActive = false;
      if (ownsGlobal) metrics.disable();
      await Promise.allSettled([server.close(), meterProvider.shutdown()]);
    })());

  return { metrics: collector, meterProvider, health, endpoint: listening ? endpointOf(server) : undefined, shutdown };
}

function startAutoCapture(collector: MetricsCollector, options: TelemetryOptions): () => void {
  collector.state.autoCaptureActive = true;
  const sink = { recorder: new ApiCallRecorder(collector.state), hosts: new HostFilter(dmarketHosts(options)) };
  return attachAutoCapture(sink, { traces: options.traces ?? tracerProviderRegistered() });
}

/** True when the app registered a global TracerProvider (the API's proxy has a delegate). */
function tracerProviderRegistered(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer('dmarket-bot-telemetry') !== undefined;
}

/** The configured DMarket hosts, or api.dmarket.com plus the bot's own `DMARKET_API_URL`. */
function dmarketHosts(options: TelemetryOptions): readonly string[] {
  if (options.dmarketHosts) return options.dmarketHosts;
  const fromEnv = process.env['DMARKET_API_URL'];
  return fromEnv ? [...DEFAULT_DMARKET_HOSTS, fromEnv] : DEFAULT_DMARKET_HOSTS;
}

function endpointOf(server: TelemetryServer): TelemetryHandle['endpoint'] {
  const { host, port } = server.address();
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return { host, port, url: `http://${urlHost}:${port}` };
}

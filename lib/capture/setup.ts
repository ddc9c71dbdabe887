import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import type { MetricsCollector } from '../recording/singleton.js';
import type { TelemetryOptions } from '../options.js';
import { ApiCallRecorder } from './api-call-recorder.js';
import { attachAutoCapture } from './auto-capture.js';
import { DEFAULT_DMARKET_HOSTS, HostFilter } from './host-filter.js';

/** Starts DMarket API auto-capture into `collector`; returns the function that stops it. */
export function startAutoCapture(collector: MetricsCollector, options: TelemetryOptions): () => void {
  collector.state.autoCaptureActive = true;
  const sink = { recorder: new ApiCallRecorder(collector.state), hosts: new HostFilter(dmarketHosts(options)) };
  const detach = attachAutoCapture(sink, { traces: options.traces ?? tracerProviderRegistered() });
  return () => {
    collector.state.autoCaptureActive = false;
    detach();
  };
}

/** True when the app registered a global TracerProvider (the API's proxy has a delegate). */
function tracerProviderRegistered(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer('dmarket-bot-telemetry') !== undefined;
}

/** The configured DMarket hosts, or api.dmarket.com plus the bot's own `DMARKET_API_URL`. */
function dmarketHosts(options: TelemetryOptions): readonly string[] {
  if (options.dmarketHosts) return options.dmarketHosts;
  const fromEnv = (options.env ?? process.env)['DMARKET_API_URL'];
  return fromEnv ? [...DEFAULT_DMARKET_HOSTS, fromEnv] : DEFAULT_DMARKET_HOSTS;
}

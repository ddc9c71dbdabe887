import { captureProcessState, setSink, currentSink, type CaptureSink } from './capture-sink.js';
import { subscribeHttpChannels } from './http-channels.js';
import { disableSpanInstrumentation, enableSpanInstrumentation } from './span-instrumentation.js';
import { subscribeUndiciChannels } from './undici-channels.js';

export interface AutoCaptureOptions {
  /** Also produce client spans through the OTel http and undici instrumentations. */
  readonly traces: boolean;
}

const shared = captureProcessState();

/**
 * Starts capturing DMarket requests made through `http`, `https`, `fetch` and undici into
 * `sink`; returns the function that stops it. Synchronous, so a preload patches `http` (for
 * spans) before the bot's modules load.
 */
export function attachAutoCapture(sink: CaptureSink, options: AutoCaptureOptions): () => void {
  setSink(sink);
  if (!shared.unsubscribe) {
    const offHttp = subscribeHttpChannels();
    const offUndici = subscribeUndiciChannels();
    shared.unsubscribe = () => (offHttp(), offUndici());
  }
  if (options.traces && !shared.spansOn) enableSpanInstrumentation();
  if (!options.traces && shared.spansOn) disableSpanInstrumentation();
  shared.spansOn = options.traces;
  return () => detach(sink);
}

function detach(sink: CaptureSink): void {
  if (currentSink() !== sink) return;
  setSink(undefined);
  shared.unsubscribe?.();
  shared.unsubscribe = undefined;
  if (shared.spansOn) disableSpanInstrumentation();
  shared.spansOn = false;
}

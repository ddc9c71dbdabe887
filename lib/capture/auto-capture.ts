import { setSink, currentSink, type CaptureSink } from './capture-sink.js';
import { subscribeHttpChannels } from './http-channels.js';
import { disableSpanInstrumentation, enableSpanInstrumentation } from './span-instrumentation.js';
import { subscribeUndiciChannels } from './undici-channels.js';

export interface AutoCaptureOptions {
  /** Also produce client spans through the OTel http and undici instrumentations. */
  readonly traces: boolean;
}

let unsubscribe: (() => void) | undefined;
let spansOn = false;

/**
 * Starts capturing DMarket requests made through `http`, `https`, `fetch` and undici into
 * `sink`; returns the function that stops it. Synchronous, so a preload patches `http` (for
 * spans) before the bot's modules load.
 */
export function attachAutoCapture(sink: CaptureSink, options: AutoCaptureOptions): () => void {
  setSink(sink);
  if (!unsubscribe) {
    const offHttp = subscribeHttpChannels();
    const offUndici = subscribeUndiciChannels();
    unsubscribe = () => (offHttp(), offUndici());
  }
  if (options.traces && !spansOn) enableSpanInstrumentation();
  if (!options.traces && spansOn) disableSpanInstrumentation();
  spansOn = options.traces;
  return () => detach(sink);
}

function detach(sink: CaptureSink): void {
  if (currentSink() !== sink) return;
  setSink(undefined);
  unsubscribe?.();
  unsubscribe = undefined;
  if (spansOn) disableSpanInstrumentation();
  spansOn = false;
}

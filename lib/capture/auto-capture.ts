import { readSlot, writeSlot } from '../process-state.js';
import { currentSink, setSink, type CaptureSink } from './capture-sink.js';
import { subscribeHttpChannels } from './http-channels.js';
import { disableSpanInstrumentation, enableSpanInstrumentation } from './span-instrumentation.js';
import { subscribeUndiciChannels } from './undici-channels.js';

export interface AutoCaptureOptions {
  /** Also produce client spans through the OTel http and undici instrumentations. */
  readonly traces: boolean;
}

/**
 * Starts capturing DMarket requests made through `http`, `https`, `fetch` and undici into
 * `sink`; returns the function that stops it. Synchronous, so a preload patches `http` (for
 * spans) before the bot's modules load.
 */
export function attachAutoCapture(sink: CaptureSink, options: AutoCaptureOptions): () => void {
  setSink(sink);
  if (!readSlot('captureUnsubscribe')) {
    const offHttp = subscribeHttpChannels();
    const offUndici = subscribeUndiciChannels();
    writeSlot('captureUnsubscribe', () => (offHttp(), offUndici()));
  }
  const spansOn = readSlot('captureSpansOn') === true;
  if (options.traces && !spansOn) enableSpanInstrumentation();
  if (!options.traces && spansOn) disableSpanInstrumentation();
  writeSlot('captureSpansOn', options.traces);
  return () => detach(sink);
}

function detach(sink: CaptureSink): void {
  if (currentSink() !== sink) return;
  setSink(undefined);
  readSlot('captureUnsubscribe')?.();
  writeSlot('captureUnsubscribe', undefined);
  if (readSlot('captureSpansOn')) disableSpanInstrumentation();
  writeSlot('captureSpansOn', undefined);
}

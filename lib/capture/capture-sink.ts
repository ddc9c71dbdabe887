import type { ApiCallRecorder } from './api-call-recorder.js';
import type { HostFilter } from './host-filter.js';

/** Where captured requests go: the running telemetry's recorder and its DMarket host list. */
export interface CaptureSink {
  readonly recorder: ApiCallRecorder;
  readonly hosts: HostFilter;
}

/**
 * Capture's process-wide state, in one place: patching `http` and subscribing to diagnostics
 * channels are process-wide, so the sink is too (the instance that owns capture sets it), and
 * so are the channel subscriptions and whether the span instrumentations are on.
 */
interface CaptureProcessState {
  sink: CaptureSink | undefined;
  unsubscribe: (() => void) | undefined;
  spansOn: boolean;
}

const state: CaptureProcessState = { sink: undefined, unsubscribe: undefined, spansOn: false };

export function currentSink(): CaptureSink | undefined {
  return state.sink;
}

export function setSink(sink: CaptureSink | undefined): void {
  state.sink = sink;
}

/** @internal auto-capture.ts reads and writes the subscriptions and the span switch here. */
export function captureProcessState(): CaptureProcessState {
  return state;
}

import type { ApiCallRecorder } from './api-call-recorder.js';
import type { HostFilter } from './host-filter.js';

/** Where captured requests go: the running telemetry's recorder and its DMarket host list. */
export interface CaptureSink {
  readonly recorder: ApiCallRecorder;
  readonly hosts: HostFilter;
}

// Patching `http` is process-wide, so the sink is too: the latest startTelemetry() owns it.
let current: CaptureSink | undefined;

export function currentSink(): CaptureSink | undefined {
  return current;
}

export function setSink(sink: CaptureSink | undefined): void {
  current = sink;
}

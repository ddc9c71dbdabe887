import type { RecordingState } from '../recording/recording-state.js';
import { ApiCallRecorder } from './api-call-recorder.js';
import { attachAutoCapture } from './auto-capture.js';
import { HostFilter } from './host-filter.js';

/** What capture needs to know, and nothing else of the option bag (config/ resolves it). */
export interface CaptureInput {
  /** Hosts whose requests count as DMarket API calls (`host`, `host:port` or a URL). */
  readonly hosts: readonly string[];
  /** Client spans too (config/ defaults it to on when the app registered a global TracerProvider). */
  readonly traces: boolean;
}

/** Starts DMarket API auto-capture into `state`; returns the function that stops it. */
export function startAutoCapture(state: RecordingState, input: CaptureInput): () => void {
  const endDeferral = state.deferManualApiCalls();
  const sink = { recorder: new ApiCallRecorder(state), hosts: new HostFilter(input.hosts) };
  const detach = attachAutoCapture(sink, { traces: input.traces });
  return () => {
    endDeferral();
    detach();
  };
}

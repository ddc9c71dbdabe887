import { readSlot, writeSlot } from '../process-state.js';
import type { CapturedCallSink } from '../recording/captured-calls.js';
import type { HostFilter } from './host-filter.js';

/** Where captured requests go: the running telemetry's recorder and its DMarket host list. */
export interface CaptureSink {
  readonly recorder: CapturedCallSink;
  readonly hosts: HostFilter;
}

// Patching `http` and subscribing to diagnostics channels are process-wide, so capture's state is
// kept with the library's other process-wide state (lib/process-state.ts).
/** @internal Process-wide slots of this module (lib/process-state.ts). */
declare module '../process-state.js' {
  interface ProcessSlots {
    /** Where captured requests go; set by the instance that owns capture. */
    captureSink: CaptureSink;
    /** Ends the diagnostics-channel subscriptions; set while subscribed. */
    captureUnsubscribe: () => void;
    /** Whether the OTel http/undici instrumentations (client spans) are enabled. */
    captureSpansOn: boolean;
  }
}

export function currentSink(): CaptureSink | undefined {
  return readSlot('captureSink');
}

export function setSink(sink: CaptureSink | undefined): void {
  writeSlot('captureSink', sink);
}

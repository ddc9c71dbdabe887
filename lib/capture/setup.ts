import type { CapturedCallSink } from '../recording/captured-calls.js';
import { attachAutoCapture } from './auto-capture.js';
import { HostFilter } from './host-filter.js';

/** What capture needs to know, and nothing else of the option bag (config/ resolves it). */
export interface CaptureInput {
  /** Hosts whose requests count as DMarket API calls (`host`, `host:port` or a URL). */
  readonly hosts: readonly string[];
  /** Client spans too (config/ defaults it to on when the app registered a global TracerProvider). */
  readonly traces: boolean;
}

/** Starts DMarket API auto-capture into `calls`; returns the function that stops it. */
export function startAutoCapture(calls: CapturedCallSink, input: CaptureInput): () => void {
  return attachAutoCapture({ recorder: calls, hosts: new HostFilter(input.hosts) }, { traces: input.traces });
}

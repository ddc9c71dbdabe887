import { ensureSlot } from '../process-state.js';
import type { CapturedCall } from '../recording/captured-calls.js';
import { subscribeAll } from './channels.js';
import { currentSink, type CaptureSink } from './capture-sink.js';
import { classifyRequestError } from './error-kind.js';
import { isTelemetryPath } from './host-filter.js';

/** Metrics for Node's global `fetch` and undici, from undici's diagnostics channels. */
interface UndiciRequestLike {
  readonly origin: string | URL;
  readonly method: string;
  readonly path: string;
}

interface Pending {
  readonly sink: CaptureSink;
  readonly start: number;
  readonly method: string;
  readonly path: string;
}

/** @internal Process-wide slots of this module (lib/process-state.ts). */
declare module '../process-state.js' {
  interface ProcessSlots {
    /** undici/fetch requests in flight to DMarket, by request (entries go with their requests). */
    undiciPending: WeakMap<object, Pending>;
  }
}

const pending = ensureSlot('undiciPending', () => new WeakMap());

function onCreate(message: unknown): void {
  const sink = currentSink();
  if (!sink) return;
  const request = (message as { request: UndiciRequestLike }).request;
  if (isTelemetryPath(request.path) || !sink.hosts.matchesOrigin(String(request.origin))) return;
  pending.set(request, { sink, start: performance.now(), method: request.method, path: request.path });
}

function onHeaders(message: unknown): void {
  const { request, response } = message as { request: object; response: { statusCode: number; headers: Buffer[] } };
  const state = pending.get(request);
  // 1xx (103 Early Hints, 100 Continue) precede the real answer; 101 is final (upgrade).
  if (!state || (response.statusCode < 200 && response.statusCode !== 101)) return;
  pending.delete(request);
  finish(state, response.statusCode, headerLookup(response.headers));
}

function onError(message: unknown): void {
  const { request, error } = message as { request: object; error: unknown };
  const state = pending.get(request);
  if (!state) return;
  pending.delete(request);
  finish(state, classifyRequestError(error, { codelessIsAbort: true }));
}

function finish(state: Pending, status: CapturedCall['status'], header?: CapturedCall['header']): void {
  const seconds = (performance.now() - state.start) / 1000;
  state.sink.recorder.record({ method: state.method, path: state.path, status, seconds, header });
}

/**
 * undici gives headers as alternating name/value buffers. The capture asks for a few rate-limit
 * headers only, so each lookup scans the names, comparing lengths first: no map of every header.
 */
function headerLookup(raw: readonly Buffer[]): (name: string) => string | undefined {
  return (name) => {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const key = raw[i]!;
      if (key.length === name.length && key.toString('latin1').toLowerCase() === name) return raw[i + 1]!.toString();
    }
    return undefined;
  };
}

/** Subscribes the undici channels; returns the unsubscribe function. */
export function subscribeUndiciChannels(): () => void {
  return subscribeAll([
    ['undici:request:create', onCreate],
    ['undici:request:headers', onHeaders],
    ['undici:request:error', onError],
  ]);
}

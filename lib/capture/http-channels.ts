import { ClientRequest, type IncomingMessage } from 'node:http';
import { ensureSlot } from '../process-state.js';
import type { CapturedCall } from '../recording/captured-calls.js';
import { subscribeAll } from './channels.js';
import { currentSink, type CaptureSink } from './capture-sink.js';
import { classifyRequestError } from './error-kind.js';
import { isTelemetryPath } from './host-filter.js';

/**
 * Metrics for `node:http`/`node:https` clients (axios, got, node-fetch v2) from Node's own
 * diagnostics channels: no patching, so it works whatever the load order, and costs a few µs.
 * Errors arrive on a channel too, so no 'error' listener changes how the bot's errors surface.
 */
interface Pending {
  readonly sink: CaptureSink;
  readonly start: number;
  readonly method: string;
  readonly path: string;
  /** The request's own destroy, which `destroyAsCaller` passes through to. */
  readonly destroy: ClientRequest['destroy'];
  timedOut: boolean;
  cancelled: boolean;
  done: boolean;
}

/** @internal Process-wide slots of this module (lib/process-state.ts). */
declare module '../process-state.js' {
  interface ProcessSlots {
    /** `http` requests in flight to DMarket, by request (entries go with their requests). */
    httpPending: WeakMap<ClientRequest, Pending>;
  }
}

const pending = ensureSlot('httpPending', () => new WeakMap());
const ClientRequestDestroy = ClientRequest.prototype.destroy;

function onStart(message: unknown): void {
  const sink = currentSink();
  if (!sink) return;
  const request = (message as { request: ClientRequest }).request;
  const host = request.getHeader('host');
  if (typeof host !== 'string' || isTelemetryPath(request.path) || !sink.hosts.matchesHostHeader(host, request.protocol)) return;
  const state: Pending = {
    sink,
    start: performance.now(),
    method: request.method,
    path: request.path,
    destroy: request.destroy,
    timedOut: false,
    cancelled: false,
    done: false,
  };
  pending.set(request, state);
  // Shared listener functions (no closures per request): they find their state by `this`.
  // Node reports a client-side timeout as a plain socket hang-up; remember that it fired.
  request.on('timeout', markTimedOut);
  // A request destroyed without an error publishes nothing else: that is an abort.
  request.on('close', finishOnClose);
  request.destroy = destroyAsCaller;
}

function markTimedOut(this: ClientRequest): void {
  const state = pending.get(this);
  if (state) state.timedOut = true;
}

function finishOnClose(this: ClientRequest): void {
  const state = pending.get(this);
  if (state) finish(state, state.timedOut ? 'timeout' : 'aborted');
}

/**
 * `req.destroy()` / `req.abort()` on a request with a socket surface as "socket hang up", like a
 * server reset. Only the caller calls the request's own destroy (Node's internals destroy the
 * socket), so an instance-level pass-through marks the cancellation; behaviour is unchanged.
 */
function destroyAsCaller(this: ClientRequest, error?: Error): ClientRequest {
  const state = pending.get(this);
  if (state && !state.done) state.cancelled = true;
  return (state?.destroy ?? ClientRequestDestroy).call(this, error);
}

function onResponse(message: unknown): void {
  const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
  const state = pending.get(request);
  if (!state) return;
  finish(state, response.statusCode ?? 0, (name) => {
    const value = response.headers[name];
    return Array.isArray(value) ? value[0] : value;
  });
}

function onError(message: unknown): void {
  const { request, error } = message as { request: ClientRequest; error: unknown };
  const state = pending.get(request);
  if (state) finish(state, classifyRequestError(error, { timedOut: state.timedOut, cancelled: state.cancelled }));
}

function finish(state: Pending, status: CapturedCall['status'], header?: CapturedCall['header']): void {
  if (state.done) return;
  state.done = true;
  const seconds = (performance.now() - state.start) / 1000;
  state.sink.recorder.record({ method: state.method, path: state.path, status, seconds, header });
}

/** Subscribes the http client channels; returns the unsubscribe function. */
export function subscribeHttpChannels(): () => void {
  return subscribeAll([
    ['http.client.request.start', onStart],
    ['http.client.response.finish', onResponse],
    ['http.client.request.error', onError],
  ]);
}

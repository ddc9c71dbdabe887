import type { ClientRequest, IncomingMessage } from 'node:http';
import type { CapturedCall } from './api-call-recorder.js';
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
  timedOut: boolean;
  cancelled: boolean;
  done: boolean;
}

const pending = new WeakMap<ClientRequest, Pending>();

function onStart(message: unknown): void {
  const sink = currentSink();
  if (!sink) return;
  const request = (message as { request: ClientRequest }).request;
  const host = request.getHeader('host');
  if (typeof host !== 'string' || isTelemetryPath(request.path) || !sink.hosts.matchesHostHeader(host, request.protocol)) return;
  const state: Pending = { sink, start: performance.now(), method: request.method, path: request.path, timedOut: false, cancelled: false, done: false };
  pending.set(request, state);
  // Node reports a client-side timeout as a plain socket hang-up; remember that it fired.
  request.once('timeout', () => (state.timedOut = true));
  noteCancellation(request, state);
  // A request destroyed without an error publishes nothing else: that is an abort.
  request.once('close', () => finish(state, state.timedOut ? 'timeout' : 'aborted'));
}

/**
 * `req.destroy()` / `req.abort()` on a request with a socket surface as "socket hang up", like a
 * server reset. Only the caller calls the request's own destroy (Node's internals destroy the
 * socket), so an instance-level pass-through marks the cancellation; behaviour is unchanged.
 */
function noteCancellation(request: ClientRequest, state: Pending): void {
  const destroy = request.destroy;
  request.destroy = function (this: ClientRequest, error?: Error) {
    if (!state.done) state.cancelled = true;
    return destroy.call(this, error);
  };
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

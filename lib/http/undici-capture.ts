import type { Span } from '@opentelemetry/api';
import type { UndiciInstrumentationConfig, UndiciRequest, UndiciResponse } from '@opentelemetry/instrumentation-undici';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { CapturedCall } from './api-call-recorder.js';
import { currentSink, type CaptureSink } from './capture-sink.js';
import { classifyRequestError } from './error-kind.js';
import { describeClientSpan, stripQuery } from './span-attributes.js';

interface Pending {
  readonly sink: CaptureSink;
  readonly start: number;
  readonly method: string;
  readonly path: string;
}

const pending = new WeakMap<object, Pending>();

/** Hooks for @opentelemetry/instrumentation-undici (Node's `fetch` and undici): DMarket origins only. */
export function undiciCaptureConfig(): UndiciInstrumentationConfig {
  return {
    ignoreRequestHook: (request) => {
      const sink = currentSink();
      return !sink || !sink.hosts.matchesOrigin(String(request.origin));
    },
    requestHook: (span, request) => onRequest(span, request),
    responseHook: (_span, { request, response }) => onResponse(request, response),
  };
}

function onRequest(span: Span, request: UndiciRequest): void {
  const sink = currentSink();
  if (!sink) return;
  pending.set(request, { sink, start: performance.now(), method: request.method, path: request.path });
  describeClientSpan(span, request.method, sink.recorder.template(request.path), stripQuery(String(request.origin) + request.path));
}

function onResponse(request: UndiciRequest, response: UndiciResponse): void {
  const state = pending.get(request);
  if (!state) return;
  pending.delete(request);
  finish(state, response.statusCode, headerLookup(response.headers));
}

/** The instrumentation has no error hook; the diagnostics channel reports failures directly. */
function onError(message: unknown): void {
  const { request, error } = message as { request: object; error: unknown };
  const state = pending.get(request);
  if (!state) return;
  pending.delete(request);
  finish(state, classifyRequestError(error));
}

export function subscribeUndiciErrors(): () => void {
  subscribe('undici:request:error', onError);
  return () => unsubscribe('undici:request:error', onError);
}

function finish(state: Pending, status: CapturedCall['status'], header?: CapturedCall['header']): void {
  const seconds = (performance.now() - state.start) / 1000;
  state.sink.recorder.record({ method: state.method, path: state.path, status, seconds, header });
}

/** undici gives headers as alternating name/value buffers; parse only when asked. */
function headerLookup(raw: readonly Buffer[]): (name: string) => string | undefined {
  let map: Map<string, string> | undefined;
  return (name) => {
    if (!map) {
      map = new Map();
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const key = String(raw[i]).toLowerCase();
        if (!map.has(key)) map.set(key, String(raw[i + 1]));
      }
    }
    return map.get(name);
  };
}

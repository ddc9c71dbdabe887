import type { Span } from '@opentelemetry/api';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { errorMonitor } from 'node:events';
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import type { CapturedCall } from './api-call-recorder.js';
import { currentSink, type CaptureSink } from './capture-sink.js';
import { classifyRequestError } from './error-kind.js';
import { describeClientSpan, stripQuery } from './span-attributes.js';

/** One in-flight `http`/`https` request to DMarket. */
interface Pending {
  readonly sink: CaptureSink;
  readonly start: number;
  readonly method: string;
  readonly path: string;
  timedOut: boolean;
  done: boolean;
}

const pending = new WeakMap<ClientRequest, Pending>();

/**
 * Hooks for @opentelemetry/instrumentation-http: DMarket requests only (others are left alone),
 * no server-side instrumentation (the bot's own /metrics scrapes are not API traffic).
 */
export function httpCaptureConfig(): HttpInstrumentationConfig {
  return {
    disableIncomingRequestInstrumentation: true,
    ignoreOutgoingRequestHook: (options) => {
      const sink = currentSink();
      return !sink || !sink.hosts.matches(hostOf(options), portOf(options));
    },
    requestHook: (span, request) => onRequest(span, request as ClientRequest),
    responseHook: (_span, response) => onResponse(response as IncomingMessage & { req?: ClientRequest }),
  };
}

function onRequest(span: Span, request: ClientRequest): void {
  const sink = currentSink();
  if (!sink) return;
  const state: Pending = { sink, start: performance.now(), method: request.method, path: request.path, timedOut: false, done: false };
  pending.set(request, state);
  const template = sink.recorder.template(request.path);
  describeClientSpan(span, request.method, template, stripQuery(`${request.protocol}//${request.host}${request.path}`));
  request.once('timeout', () => (state.timedOut = true));
  // errorMonitor observes errors without counting as a handler, so unhandled errors stay unhandled.
  request.on(errorMonitor, (error: unknown) => finish(state, classifyRequestError(error, state.timedOut)));
  request.once('close', () => finish(state, state.timedOut ? 'timeout' : 'aborted'));
}

function onResponse(response: IncomingMessage & { req?: ClientRequest }): void {
  const state = response.req && pending.get(response.req);
  if (!state) return;
  finish(state, response.statusCode ?? 0, (name) => headerValue(response.headers, name));
}

function finish(state: Pending, status: CapturedCall['status'], header?: CapturedCall['header']): void {
  if (state.done) return;
  state.done = true;
  const seconds = (performance.now() - state.start) / 1000;
  state.sink.recorder.record({ method: state.method, path: state.path, status, seconds, header });
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function hostOf(options: RequestOptions): string {
  const host = options.hostname ?? options.host ?? 'localhost';
  // `host` may carry a port; IPv6 literals keep their brackets until HostFilter strips them.
  return host.startsWith('[') ? host : (host.split(':')[0] ?? host);
}

function portOf(options: RequestOptions): string | number {
  return options.port ?? (options.protocol === 'https:' ? 443 : 80);
}

import type { Span } from '@opentelemetry/api';
import type { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { readSlot, writeSlot } from '../process-state.js';
import { currentSink } from './capture-sink.js';
import { isTelemetryPath } from './host-filter.js';
import { describeClientSpan, stripQuery } from './span-attributes.js';

/** @internal Process-wide slots of this module (lib/process-state.ts). */
declare module '../process-state.js' {
  interface ProcessSlots {
    /** Created once, on the first enable: they patch `http` process-wide. */
    spanInstrumentations: readonly [HttpInstrumentation, UndiciInstrumentation];
  }
}

const nodeRequire = createRequire(import.meta.url);

/**
 * Client spans for DMarket requests, from the stock OTel instrumentations, enabled only when
 * traces are on. Metrics never come from here (the diagnostics channels record them), so
 * turning traces on or off cannot change a count.
 */
export function enableSpanInstrumentation(): void {
  const instrumentations = readSlot('spanInstrumentations');
  if (instrumentations) {
    for (const instrumentation of instrumentations) instrumentation.enable();
  } else {
    // Required only when spans are on (most bots export none), synchronously so the preload
    // still patches `http` before the bot's code runs.
    const { HttpInstrumentation } = nodeRequire(
      '@opentelemetry/instrumentation-http',
    ) as typeof import('@opentelemetry/instrumentation-http');
    const { UndiciInstrumentation } = nodeRequire(
      '@opentelemetry/instrumentation-undici',
    ) as typeof import('@opentelemetry/instrumentation-undici');
    writeSlot('spanInstrumentations', [
      new HttpInstrumentation({
        disableIncomingRequestInstrumentation: true,
        ignoreOutgoingRequestHook: (options) => {
          const sink = currentSink();
          // `host` may carry a port (`api.dmarket.com:443`); `hostname` never does.
          const host = String(options.hostname ?? options.host ?? '').replace(/:\d+$/, '');
          if (!sink || isTelemetryPath(String(options.path ?? '/'))) return true;
          return !sink.hosts.matches(host, options.port ?? (options.protocol === 'https:' ? 443 : 80));
        },
        requestHook: (span, request) => {
          if ('path' in request && 'protocol' in request)
            describe(span, request.method ?? 'GET', request.path, `${request.protocol}//${request.host}`);
        },
      }),
      new UndiciInstrumentation({
        ignoreRequestHook: (request) => isTelemetryPath(request.path) || !currentSink()?.hosts.matchesOrigin(String(request.origin)),
        requestHook: (span, request) => describe(span, request.method, request.path, String(request.origin)),
      }),
    ]);
  }
  // `http` is usually loaded already: requiring it runs the instrumentation's require hook on
  // the shared exports object; syncing then updates ESM named imports (`import { request }`).
  nodeRequire('node:http');
  nodeRequire('node:https');
  syncBuiltinESMExports();
}

export function disableSpanInstrumentation(): void {
  const instrumentations = readSlot('spanInstrumentations');
  if (!instrumentations) return;
  for (const instrumentation of instrumentations) instrumentation.disable();
  syncBuiltinESMExports();
}

function describe(span: Span, method: string, path: string, origin: string): void {
  const template = currentSink()?.recorder.template(path, method);
  if (template) describeClientSpan(span, method, template, stripQuery(origin + path));
}

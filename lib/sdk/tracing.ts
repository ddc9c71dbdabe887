import { trace } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createRequire } from 'node:module';
import { TRACES_EXPORTERS, type TracesExporterName } from '../config/types.js';

export { TRACES_EXPORTERS, type TracesExporterName };

/**
 * A TracerProvider for the DMarket client spans when OTEL_TRACES_EXPORTER asks for one and the
 * app has not registered its own. OTLP settings come from the standard OTEL_EXPORTER_OTLP_*
 * variables, read by the exporter itself (loaded beforehand from its optional package).
 * Returns its shutdown, or undefined when nothing started.
 */
export function startTracing(
  names: readonly TracesExporterName[],
  resource: Resource,
  otlpExporter?: SpanExporter,
): (() => Promise<void>) | undefined {
  if (!names.some((n) => n !== 'none')) return undefined;
  // Required (synchronously, so the preload still patches `http` in time) only when a trace
  // exporter is configured: most bots export no spans and skip its load time.
  const { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor } = createRequire(import.meta.url)(
    '@opentelemetry/sdk-trace-base',
  ) as typeof import('@opentelemetry/sdk-trace-base');
  const processors: SpanProcessor[] = [];
  if (names.includes('console')) processors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  if (names.includes('otlp') && otlpExporter) processors.push(new BatchSpanProcessor(otlpExporter));
  if (processors.length === 0) return undefined;
  const provider = new BasicTracerProvider({ resource, spanProcessors: processors });
  if (!trace.setGlobalTracerProvider(provider)) {
    // The app registered its own provider first: its choice wins.
    void provider.shutdown();
    return undefined;
  }
  return async () => {
    await provider.shutdown();
    trace.disable();
  };
}

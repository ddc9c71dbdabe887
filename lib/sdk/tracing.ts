import { trace } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

export const TRACES_EXPORTERS = ['otlp', 'console', 'none'] as const;
export type TracesExporterName = (typeof TRACES_EXPORTERS)[number];

/**
 * A TracerProvider for the DMarket client spans when OTEL_TRACES_EXPORTER asks for one and the
 * app has not registered its own. OTLP settings come from the standard OTEL_EXPORTER_OTLP_*
 * variables, read by the exporter itself (loaded beforehand from its optional package).
 * Returns its shutdown, or undefined when nothing started.
 */
export function startTracing(names: readonly TracesExporterName[], resource: Resource, otlpExporter?: SpanExporter): (() => Promise<void>) | undefined {
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

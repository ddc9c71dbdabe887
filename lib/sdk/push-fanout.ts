import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { PeriodicExportingMetricReader, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { SharedCollection } from './shared-collection.js';

/** One collection, sent to every push exporter at once; fails when any of them failed. */
export class PushFanout implements PushMetricExporter {
  constructor(private readonly exporters: readonly PushMetricExporter[]) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    const results = this.exporters.map(
      (exporter) =>
        new Promise<ExportResult>((resolve) => {
          try {
            exporter.export(metrics, resolve);
          } catch (error) {
            resolve({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
          }
        }),
    );
    void Promise.all(results).then((all) =>
      resultCallback(all.find((r) => r.code !== ExportResultCode.SUCCESS) ?? { code: ExportResultCode.SUCCESS }),
    );
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled(this.exporters.map((e) => e.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled(this.exporters.map((e) => e.shutdown()));
  }
}

/**
 * The SDK's periodic loop (interval, timeout, final flush on shutdown) over the shared
 * collection: it is never registered with the MeterProvider, so the SDK still sees one reader.
 */
export function periodicPush(
  collection: SharedCollection,
  exporters: readonly PushMetricExporter[],
  exportIntervalMillis: number,
  exportTimeoutMillis: number,
): PeriodicExportingMetricReader {
  const reader = new PeriodicExportingMetricReader({ exporter: new PushFanout(exporters), exportIntervalMillis, exportTimeoutMillis });
  reader.setMetricProducer({ collect: (options) => collection.collect(options) });
  collection.attachPush(reader);
  return reader;
}

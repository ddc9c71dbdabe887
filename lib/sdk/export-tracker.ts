import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { AggregationTemporality, InstrumentType, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';

export interface ExportStatus {
  readonly at: string;
  readonly ok: boolean;
  readonly error?: string;
}

/** Wraps a push exporter to remember the last export's result and time, for `/health`. */
export class TrackedExporter implements PushMetricExporter {
  last: ExportStatus | undefined;

  constructor(private readonly inner: PushMetricExporter) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.inner.export(metrics, (result) => {
      const ok = result.code === ExportResultCode.SUCCESS;
      this.last = ok ? { at: new Date().toISOString(), ok } : { at: new Date().toISOString(), ok, error: (result.error?.message ?? 'export failed').slice(0, 200) };
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.inner.selectAggregationTemporality?.(instrumentType) as AggregationTemporality;
  }
}

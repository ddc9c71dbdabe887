import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';

export interface ExportStatus {
  readonly at: string;
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * Wraps a push exporter to remember the last export's result and time, for `/health`. The
 * reader takes temporality and aggregation from whichever selectors the exporter has, so the
 * wrapper exposes exactly the inner exporter's selectors (absent stays absent).
 */
export class TrackedExporter implements PushMetricExporter {
  last: ExportStatus | undefined;
  readonly selectAggregationTemporality?: PushMetricExporter['selectAggregationTemporality'];
  readonly selectAggregation?: PushMetricExporter['selectAggregation'];

  constructor(private readonly inner: PushMetricExporter) {
    this.selectAggregationTemporality = inner.selectAggregationTemporality?.bind(inner);
    this.selectAggregation = inner.selectAggregation?.bind(inner);
  }

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
}

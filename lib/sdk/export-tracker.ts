import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { SHUTDOWN_ERROR_CODE } from './export-attempts.js';

export interface ExportStatus {
  readonly at: string;
  readonly ok: boolean;
  readonly error?: string;
}

/** A failure is logged at most this often; every recovery after a logged failure is logged. */
export const FAILURE_LOG_INTERVAL_MS = 60_000;

/**
 * Wraps a push exporter to remember the last export's result and time, for `/health`, and to
 * log the first failure and each recovery (not every failed cycle). The reader takes temporality
 * and aggregation from whichever selectors the exporter has, so the wrapper exposes exactly the
 * inner exporter's selectors (absent stays absent).
 */
export class TrackedExporter implements PushMetricExporter {
  private lastStatus: ExportStatus | undefined;
  readonly selectAggregationTemporality?: PushMetricExporter['selectAggregationTemporality'];
  readonly selectAggregation?: PushMetricExporter['selectAggregation'];
  private log: ((message: string) => void) | undefined;
  private label = 'metrics export';
  private failureLogged = false;
  private lastFailureLog = -Infinity;

  /** The last export attempt's result and time (for `/health`). */
  get last(): ExportStatus | undefined {
    return this.lastStatus;
  }

  constructor(private readonly inner: PushMetricExporter) {
    this.selectAggregationTemporality = inner.selectAggregationTemporality?.bind(inner);
    this.selectAggregation = inner.selectAggregation?.bind(inner);
  }

  /** Where failures and recoveries are logged (the `logger` option), and under which name. */
  reportTo(log: (message: string) => void, label: string): void {
    this.log = log;
    this.label = label;
  }

  /** One attempt's outcome, as soon as it is known (also each retry inside one export). */
  note(ok: boolean, error?: string): void {
    const at = new Date().toISOString();
    this.lastStatus = ok ? { at, ok } : { at, ok, error: (error ?? 'export failed').slice(0, 200) };
    if (!ok && performance.now() - this.lastFailureLog >= FAILURE_LOG_INTERVAL_MS) {
      const first = !this.failureLogged;
      this.failureLogged = true;
      this.lastFailureLog = performance.now();
      this.log?.(
        `dmarket-bot-telemetry: ${this.label} failed: ${this.lastStatus.error}${first ? '' : ' (still failing)'}; metrics are kept and sent when it recovers`,
      );
    }
    if (ok && this.failureLogged) {
      this.failureLogged = false;
      this.lastFailureLog = -Infinity;
      this.log?.(`dmarket-bot-telemetry: ${this.label} recovered`);
    }
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.inner.export(metrics, (result) => {
      const ok = result.code === ExportResultCode.SUCCESS;
      // Requests we end at shutdown are not a backend failure.
      if ((result.error as NodeJS.ErrnoException | undefined)?.code !== SHUTDOWN_ERROR_CODE)
        this.note(ok, ok ? undefined : (result.error?.message ?? 'export failed'));
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

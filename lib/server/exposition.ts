import { diag } from '@opentelemetry/api';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { MetricReader } from '@opentelemetry/sdk-metrics';

/** The Prometheus text format version Prometheus negotiates by default. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Collects from the reader and renders Prometheus text. Scrapes arriving while one collection
 * runs share its result instead of each paying for a full collection.
 */
export class Exposition {
  private readonly serializer: PrometheusSerializer;
  private inflight: Promise<string> | undefined;

  constructor(private readonly reader: MetricReader) {
    // No scope labels: every series carries exactly its catalog labels; target_info stays.
    this.serializer = new PrometheusSerializer(undefined, false, undefined, false, true);
  }

  render(): Promise<string> {
    this.inflight ??= this.collect().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async collect(): Promise<string> {
    const { resourceMetrics, errors } = await this.reader.collect();
    if (errors.length > 0) {
      diag.error('dmarket-bot-telemetry: metric collection failed', ...errors);
      throw new Error(`metric collection failed: ${errors.length} error(s)`);
    }
    return this.serializer.serialize(resourceMetrics);
  }
}

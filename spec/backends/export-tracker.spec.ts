import { expect } from 'chai';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { AggregationTemporality, InstrumentType, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { TrackedExporter } from '../../lib/sdk/export-tracker.js';
import { sharedTemporality } from '../../lib/sdk/shared-collection.js';

describe('TrackedExporter', () => {
  it('keeps the wrapped exporter’s temporality and aggregation choices', () => {
    const delta = new OTLPMetricExporter({ url: 'http://127.0.0.1:9/v1/metrics', temporalityPreference: AggregationTemporality.DELTA });
    const tracked = new TrackedExporter(delta);
    expect(tracked.selectAggregationTemporality?.(InstrumentType.COUNTER)).to.equal(AggregationTemporality.DELTA);
    expect(tracked.selectAggregation?.(InstrumentType.HISTOGRAM)).to.deep.equal(delta.selectAggregation?.(InstrumentType.HISTOGRAM));
  });

  it('offers no selector the wrapped exporter lacks, so the reader keeps its defaults', () => {
    const bare: PushMetricExporter = { export: (_m, done) => done({ code: 0 }), forceFlush: async () => {}, shutdown: async () => {} };
    const tracked = new TrackedExporter(bare);
    expect(tracked.selectAggregationTemporality).to.equal(undefined);
    expect(tracked.selectAggregation).to.equal(undefined);
  });
});

describe('shared collection temporality', () => {
  const exporter = (t: AggregationTemporality): PushMetricExporter => ({
    export: (_m, done) => done({ code: 0 }),
    forceFlush: async () => {},
    shutdown: async () => {},
    selectAggregationTemporality: () => t,
  });

  it('is cumulative with Prometheus on, whatever the push exporters prefer', () => {
    expect(sharedTemporality(true, [exporter(AggregationTemporality.DELTA)])(InstrumentType.COUNTER)).to.equal(
      AggregationTemporality.CUMULATIVE,
    );
  });

  it('follows the push exporters when they agree, cumulative when they do not', () => {
    expect(sharedTemporality(false, [exporter(AggregationTemporality.DELTA)])(InstrumentType.HISTOGRAM)).to.equal(
      AggregationTemporality.DELTA,
    );
    expect(
      sharedTemporality(false, [exporter(AggregationTemporality.DELTA), exporter(AggregationTemporality.CUMULATIVE)])(
        InstrumentType.COUNTER,
      ),
    ).to.equal(AggregationTemporality.CUMULATIVE);
    const bare: PushMetricExporter = { export: (_m, done) => done({ code: 0 }), forceFlush: async () => {}, shutdown: async () => {} };
    expect(sharedTemporality(false, [new TrackedExporter(bare)])(InstrumentType.COUNTER)).to.equal(AggregationTemporality.CUMULATIVE);
  });
});

import { expect } from 'chai';
import type { TelemetryHandle } from '../../lib/index.js';
import { samplesOf, sampleValue } from '../support/exposition.js';
import { scrape, startTestTelemetry } from '../support/telemetry.js';

const LIMIT = 5000;
const DISTINCT = 5200;

describe('seriesLimit above the SDK default (2,000 per metric)', function () {
  this.timeout(60_000);
  let handle: TelemetryHandle;
  before(async () => {
    handle = await startTestTelemetry({ seriesLimit: LIMIT, labelCaps: { error_type: 10_000 }, runtimeMetrics: false });
  });
  after(() => handle.shutdown());

  it(`exports ${LIMIT} series of one metric and counts the overflow past it in the library's counter`, async () => {
    for (let i = 0; i < DISTINCT; i++) handle.metrics.recordError(`E${i}`, 'scanner');
    const parsed = await scrape(handle);
    const errors = samplesOf(parsed, 'dmarket_bot_errors_total');

    expect(errors).to.have.length(LIMIT);
    // 4,999 distinct label sets plus the library's visible overflow series; never the SDK's own.
    expect(sampleValue(parsed, 'dmarket_bot_errors_total', { error_type: 'other', module: 'other' })).to.equal(DISTINCT - (LIMIT - 1));
    expect(errors.filter((s) => 'otel_metric_overflow' in s.labels)).to.deep.equal([]);
    expect(sampleValue(parsed, 'dmarket_bot_telemetry_series_overflow_total', { metric: 'dmarket_bot_errors_total' })).to.equal(
      DISTINCT - (LIMIT - 1),
    );
    expect(errors.reduce((sum, s) => sum + s.value, 0)).to.equal(DISTINCT);
  });
});

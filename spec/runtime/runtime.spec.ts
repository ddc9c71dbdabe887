import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RUNTIME_METRICS, type TelemetryHandle } from '../../lib/index.js';
import { samplesOf } from '../support/exposition.js';
import { eventually } from '../support/prometheus-api.js';
import { promtoolCheckMetrics } from '../support/promtool.js';
import { scrape, scrapeText, startTestTelemetry } from '../support/telemetry.js';

describe('Node runtime metrics', () => {
  let handle: TelemetryHandle;
  afterEach(() => handle?.shutdown());

  it('exports every runtime metric under its Prometheus name, type and labels; other runtime streams are dropped', async () => {
    handle = await startTestTelemetry();
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    // The event-loop gauges appear once the instrumentation has 5 delay samples (10 ms apart).
    let p = await scrape(handle);
    await eventually(async () => (p = await scrape(handle)).types.has('nodejs_eventloop_delay_p99_seconds'), 5000);
    for (const spec of RUNTIME_METRICS) {
      expect(p.types.get(spec.name), spec.name).to.equal(spec.kind);
      expect(p.helps.get(spec.name), spec.name).to.equal(spec.help);
      const samples = samplesOf(p, spec.kind === 'histogram' ? `${spec.name}_count` : spec.name);
      expect(samples, spec.name).to.not.be.empty;
      for (const s of samples) expect(Object.keys(s.labels), spec.name).to.deep.equal(spec.labels.map((l) => l.replace(/\./g, '_')));
    }
    const cpu = samplesOf(p, 'process_cpu_seconds_total')[0]?.value ?? 0;
    expect(cpu).to.be.above(0);
    expect(samplesOf(p, 'v8js_gc_duration_seconds_bucket').map((s) => s.labels['le'])).to.include.members(['0.0005', '1', '+Inf']);
    const names = [...p.types.keys()];
    for (const dropped of [
      'nodejs_eventloop_delay_min',
      'nodejs_eventloop_time',
      'v8js_memory_heap_space_available_size',
      'v8js_memory_heap_space_size',
    ]) {
      expect(
        names.some((n) => n.startsWith(dropped)),
        dropped,
      ).to.equal(false);
    }
  });

  it('passes promtool check metrics together with the catalog', async () => {
    handle = await startTestTelemetry();
    const result = await promtoolCheckMetrics(await scrapeText(handle));
    expect(result.code, result.stdout + result.stderr).to.equal(0);
  });

  it('runtimeMetrics: false exports none of them', async () => {
    handle = await startTestTelemetry({ runtimeMetrics: false });
    const names = [...(await scrape(handle)).types.keys()];
    for (const spec of RUNTIME_METRICS) expect(names, spec.name).to.not.include(spec.name);
  });
});

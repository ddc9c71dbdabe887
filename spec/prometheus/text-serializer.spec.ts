import { expect } from 'chai';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider, type MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { PrometheusTextSerializer } from '../../lib/prometheus/text-serializer.js';
import { parseExposition } from '../support/exposition.js';
import { promtoolCheckMetrics, run } from '../support/promtool.js';
import { richMetrics } from '../support/rich-metrics.js';

/** Every sample the Python client's parser reads, as [name, sorted labels, value]. */
const PYTHON_SAMPLES = `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        out.append([s.name, sorted(s.labels.items()), repr(s.value)])
print(json.dumps(sorted(out)))
`;

const stock = new PrometheusSerializer(undefined, false, undefined, false, true);

async function collect(reader: MetricReader): Promise<ResourceMetrics> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).to.deep.equal([]);
  return resourceMetrics;
}

describe('PrometheusTextSerializer (linear exposition)', () => {
  let provider: MeterProvider;
  let reader: MetricReader;
  let record: (round: number) => void;

  beforeEach(() => {
    ({ provider, reader, record } = richMetrics());
    record(0);
  });
  afterEach(() => provider.shutdown());

  it('writes exactly the bytes of the stock OTel serializer on a rich fixture with hostile labels', async () => {
    const data = await collect(reader);
    const ours = new PrometheusTextSerializer().serialize(data).toString('utf8');
    expect(ours).to.equal(stock.serialize(data));
    expect(ours).to.include('http_requests_total{route="say \\"hi\\"",http_method="GET",code="200"} 0');
  });

  it('stays identical across scrapes while values change and series appear (caches hold labels, not numbers)', async () => {
    const serializer = new PrometheusTextSerializer();
    for (let round = 1; round <= 3; round++) {
      record(round);
      const data = await collect(reader);
      expect(serializer.serialize(data).toString('utf8'), `round ${round}`).to.equal(stock.serialize(data));
    }
  });

  it('parses to the same samples as the stock output, by our parser and by prometheus_client (Python)', async () => {
    record(1);
    const data = await collect(reader);
    const ours = new PrometheusTextSerializer().serialize(data).toString('utf8');
    const theirs = stock.serialize(data);
    expect(parseExposition(ours).samples).to.deep.equal(parseExposition(theirs).samples);
    const [a, b] = await Promise.all([
      run('/usr/bin/python3', ['-c', PYTHON_SAMPLES], ours),
      run('/usr/bin/python3', ['-c', PYTHON_SAMPLES], theirs),
    ]);
    expect(a.code, a.stderr).to.equal(0);
    expect(JSON.parse(a.stdout)).to.have.length.above(100);
    expect(a.stdout).to.equal(b.stdout);
  });

  it('is accepted by promtool check metrics', async () => {
    const text = new PrometheusTextSerializer().serialize(await collect(reader)).toString('utf8');
    const result = await promtoolCheckMetrics(text);
    // promtool lints names/units as warnings; only a parse failure exits non-zero.
    expect(result.code, result.stdout + result.stderr).to.equal(0);
  });

  it('writes the stock placeholder when nothing is registered, and can leave out target_info', async () => {
    const empty = { resource: (await collect(reader)).resource, scopeMetrics: [] };
    expect(new PrometheusTextSerializer().serialize(empty).toString()).to.equal(stock.serialize(empty));
    const noTarget = new PrometheusTextSerializer({ targetInfo: false }).serialize(await collect(reader)).toString();
    expect(noTarget).to.not.include('target_info');
    expect(noTarget).to.equal(new PrometheusSerializer(undefined, false, undefined, true, true).serialize(await collect(reader)));
  });

  it('sliced serialisation gives the same bytes and lets the event loop run between families', async () => {
    const data = await collect(reader);
    let ran = false;
    // Queued before the serialisation starts: it runs only if the serializer yields a turn.
    setImmediate(() => (ran = true));
    const unsliced = new PrometheusTextSerializer().serialize(data);
    // A negative budget yields after every family.
    const sliced = await new PrometheusTextSerializer().serializeSliced(data, -1);
    expect(sliced.equals(unsliced)).to.equal(true);
    expect(ran, 'an event-loop turn ran during the sliced serialisation').to.equal(true);
  });

  it('without slicing, the serialisation finishes within one turn of the event loop', async () => {
    const data = await collect(reader);
    let ran = false;
    setImmediate(() => (ran = true));
    await new PrometheusTextSerializer().serializeSliced(data, 1e9);
    expect(ran).to.equal(false);
  });

  it('yields inside one large family too, with the same bytes', async () => {
    const bigReader = new PrometheusExporter({ preventServerStart: true });
    const big = new MeterProvider({ readers: [bigReader] });
    const histogram = big.getMeter('one-family').createHistogram('one_big_family_seconds');
    for (let i = 0; i < 2000; i++) histogram.record(i / 100, { route: `/r/${i}` });
    const data = await collect(bigReader);
    let turns = 0;
    let counting = true;
    const tick = (): void => {
      turns++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    const sliced = await new PrometheusTextSerializer().serializeSliced(data, -1);
    counting = false;
    expect(sliced.equals(new PrometheusTextSerializer().serialize(data))).to.equal(true);
    // One family: yields between families alone would give at most a turn or two.
    expect(turns).to.be.at.least(2000 / 16 - 2);
    await big.shutdown();
  });
});

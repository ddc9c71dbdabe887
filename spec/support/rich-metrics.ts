import { AggregationType, MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';

/** Label values a serializer must escape: quotes, backslashes, newlines, NUL, non-BMP, long. */
export const HOSTILE_VALUES = [
  'say "hi"',
  'back\\slash\\\\double',
  'new\nline\r\nend',
  'nul\u0000byte',
  'emoji 🚀💸 and ümlaut',
  '{}=,"\\\n',
  'x'.repeat(2_000),
  '',
];

/**
 * A MeterProvider holding every shape the stock serializer handles: counters (with and without
 * `_total`), up-down counters, gauges, histograms with and without labels, odd names and units,
 * help text with escapes, non-string attribute values, hostile label values.
 */
export function richMetrics(): { provider: MeterProvider; reader: MetricReader; record: (round: number) => void } {
  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'rich "fixture"', 'service.version': '1.0\n2' }),
    readers: [reader],
    views: [
      {
        instrumentName: 'latency',
        aggregation: {
          type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
          options: { boundaries: [0.005, 0.1, 1, 2.5], recordMinMax: false },
        },
      },
      {
        instrumentName: 'with.inf',
        aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 10, Infinity] } },
      },
    ],
  });
  const meter = provider.getMeter('rich');
  const requests = meter.createCounter('http.requests', { description: 'Requests\nwith a \\ in help', unit: '{request}' });
  const done = meter.createCounter('jobs_total', { description: 'Already ends in _total' });
  const bare = meter.createCounter('no-help-1');
  const inflight = meter.createUpDownCounter('inflight', { description: 'Up and down' });
  const temperature = meter.createGauge('temperature', { description: 'A gauge', unit: 'Cel' });
  const latency = meter.createHistogram('latency', { description: 'Seconds', unit: 's' });
  const withInf = meter.createHistogram('with.inf', { description: 'Explicit +Inf bound' });
  const unlabelled = meter.createHistogram('unlabelled_seconds', { description: 'No labels' });

  const record = (round: number): void => {
    HOSTILE_VALUES.forEach((value, i) => requests.add(i + round, { route: value, 'http.method': 'GET', code: 200 + i }));
    requests.add(1, { flag: true, list: ['a', 'b'], n: 1.5 });
    done.add(3 * round + 1);
    bare.add(0.25, { 'weird-key.name': 'v', __dunder: 'x' });
    inflight.add(round % 2 === 0 ? -2 : 5, { pool: 'a' });
    temperature.record(round === 0 ? -273.15 : 1e21, { room: 'lab' });
    temperature.record(1e-7 * (round + 1), { room: 'attic' });
    for (let i = 0; i < 50; i++) latency.record(((i * 7 + round) % 40) / 10, { endpoint: `/e/${i % 5}`, method: i % 2 ? 'GET' : 'POST' });
    withInf.record(5 + round, { k: 'v' });
    withInf.record(50, { k: 'v' });
    unlabelled.record(0.3 * (round + 1));
  };
  return { provider, reader, record };
}

/**
 * `npm run bench:exposition`: time and bytes of one scrape body for N histogram series and for a
 * realistic bot mix: this project's serializer vs. the stock OTel serializer vs. prom-client,
 * alternated in one process, median of rounds after warm-up. Both OTel serializers read the
 * same collected data; "scrape" adds the SDK collection both pay; every contender ends in bytes.
 */
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { PrometheusTextSerializer } from '../lib/prometheus/text-serializer.js';
import { alternate, machine, ratio, table } from './support/stats.js';
import { otelWith, promClientWith } from './support/systems.js';
import { histogramSeries, realisticMix, type SeriesLoad } from './support/workloads.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const stock = new PrometheusSerializer(undefined, false, undefined, false, true);

interface Row {
  readonly label: string;
  readonly bytes: number;
  readonly ms: Record<string, number>;
}

async function measure(label: string, load: readonly SeriesLoad[]): Promise<Row> {
  const { provider, reader } = otelWith(load);
  const registry = promClientWith(load);
  const ours = new PrometheusTextSerializer();
  const { resourceMetrics: data } = await reader.collect();
  const bytes = ours.serialize(data).length;
  const ms = await alternate(
    {
      ours: () => ours.serialize(data),
      stock: () => Buffer.from(stock.serialize(data)),
      promClient: async () => Buffer.from(await registry.metrics()),
      oursScrape: async () => ours.serialize((await reader.collect()).resourceMetrics),
      stockScrape: async () => Buffer.from(stock.serialize((await reader.collect()).resourceMetrics)),
    },
    ROUNDS,
  );
  await provider.shutdown();
  return { label, bytes, ms };
}

const rows: Row[] = [];
for (const n of [100, 500, 2000, 5000]) rows.push(await measure(`${n} histogram series`, histogramSeries(n)));
rows.push(await measure(`realistic mix (${realisticMix().length} series)`, realisticMix()));

const f = (ms: number): string => ms.toFixed(2);
console.log(`${machine()}; median of ${ROUNDS} alternating rounds\n`);
console.log('Serialisation of the same collected data, to bytes (ms):\n');
console.log(
  table(
    ['workload', 'bytes', 'this project', 'stock OTel', 'prom-client', 'stock / ours', 'prom-client / ours'],
    rows.map((r) => [
      r.label,
      r.bytes,
      f(r.ms['ours']!),
      f(r.ms['stock']!),
      f(r.ms['promClient']!),
      ratio(r.ms['stock']!, r.ms['ours']!),
      ratio(r.ms['promClient']!, r.ms['ours']!),
    ]),
  ),
);
console.log('\nWhole scrape body including the SDK collection (ms; prom-client has no separate collection):\n');
console.log(
  table(
    ['workload', 'this project', 'stock OTel', 'prom-client', 'stock / ours', 'prom-client / ours'],
    rows.map((r) => [
      r.label,
      f(r.ms['oursScrape']!),
      f(r.ms['stockScrape']!),
      f(r.ms['promClient']!),
      ratio(r.ms['stockScrape']!, r.ms['oursScrape']!),
      ratio(r.ms['promClient']!, r.ms['oursScrape']!),
    ]),
  ),
);
const at = (n: number): Row => rows.find((r) => r.label.startsWith(`${n} `))!;
console.log(
  `\n5,000 / 2,000 series time, each size measured alternated with the other contenders: this project ${ratio(at(5000).ms['ours']!, at(2000).ms['ours']!)} (serialisation), ${ratio(at(5000).ms['oursScrape']!, at(2000).ms['oursScrape']!)} (scrape); stock ${ratio(at(5000).ms['stock']!, at(2000).ms['stock']!)}`,
);
console.log(`5,000 / 2,000 series serialisation time, the two sizes alternated with each other: ${await scaling()}`);

/** The two sizes side by side in one alternation: the scaling figure without other contenders between them. */
async function scaling(): Promise<string> {
  const small = otelWith(histogramSeries(2000));
  const large = otelWith(histogramSeries(5000));
  const serializer = new PrometheusTextSerializer();
  const smallData = (await small.reader.collect()).resourceMetrics;
  const largeData = (await large.reader.collect()).resourceMetrics;
  const ms = await alternate({ small: () => serializer.serialize(smallData), large: () => serializer.serialize(largeData) }, ROUNDS);
  await Promise.all([small.provider.shutdown(), large.provider.shutdown()]);
  return ratio(ms['large']!, ms['small']!);
}

/**
 * `npm run bench:e2e`: a real `prometheus` scrapes, every second for BENCH_SECONDS (60), three
 * endpoints holding the same recordings (the catalog at its label bounds): this project with
 * gzip (the default; Prometheus asks for it), this project plain, and the stock OTel exporter.
 * Reports Prometheus's own `scrape_duration_seconds` for each.
 */
import { startTelemetry } from '../lib/index.js';
import { startScrapingPrometheus } from '../scripts/stack/scraper.js';
import { fillToCap } from './support/fill.js';
import { machine, table } from './support/stats.js';
import { startStockEndpoint } from './support/stock-endpoint.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const common = { host: '127.0.0.1', port: 0, autoInstrument: false, env: {}, registerGlobal: false, runtimeMetrics: false } as const;

const gzip = await startTelemetry(common);
const plain = await startTelemetry({ ...common, metricsCompression: 'none' });
const stock = await startStockEndpoint();
for (const bot of [gzip.metrics, plain.metrics]) fillToCap(bot);

const targets = { ours_gzip: gzip.endpoint!.port, ours_plain: plain.endpoint!.port, stock: stock.port };
const prometheus = await startScrapingPrometheus(targets);
try {
  const url = prometheus.url;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const query = async (expr: string): Promise<Map<string, number>> => {
    const res = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as {
      data: { result: Array<{ metric: { job: string }; value: [number, string] }> };
    };
    return new Map(res.data.result.map((r) => [r.metric.job, Number(r.value[1])]));
  };
  const range = `[${SECONDS}s]`;
  const [avg, max, count, samples, up] = await Promise.all([
    query(`avg_over_time(scrape_duration_seconds${range})`),
    query(`max_over_time(scrape_duration_seconds${range})`),
    query(`count_over_time(scrape_duration_seconds${range})`),
    query('scrape_samples_scraped'),
    query(`min_over_time(up${range})`),
  ]);
  const ms = (s: number | undefined): string => ((s ?? NaN) * 1000).toFixed(2);
  console.log(`${machine()}; prometheus scraping every 1 s for ${SECONDS} s\n`);
  console.log(
    table(
      ['endpoint', 'mean scrape_duration ms', 'max ms', 'scrapes', 'samples/scrape', 'always up'],
      Object.keys(targets).map((job) => [
        job,
        ms(avg.get(job)),
        ms(max.get(job)),
        count.get(job) ?? 0,
        samples.get(job) ?? 0,
        up.get(job) === 1 ? 'yes' : 'no',
      ]),
    ),
  );
} finally {
  await prometheus.stop();
  await Promise.all([gzip.shutdown(), plain.shutdown(), stock.shutdown()]);
}

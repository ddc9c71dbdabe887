/**
 * `npm run bench:e2e`: a real `prometheus` scrapes, every second for BENCH_SECONDS (60), three
 * endpoints holding the same recordings (the catalog at its label bounds): this project with
 * gzip (the default; Prometheus asks for it), this project plain, and the stock OTel exporter.
 * Reports Prometheus's own `scrape_duration_seconds` for each.
 */
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsCollectorCore } from '../lib/collector/metrics-collector.js';
import { startTelemetry } from '../lib/index.js';
import { CatalogInstruments } from '../lib/sdk/instruments.js';
import { catalogViews } from '../lib/sdk/views.js';
import { findBinary, freePort, startProcess, waitForHttp } from '../scripts/stack/processes.js';
import { fillToCap } from './support/fill.js';
import { machine, table } from './support/stats.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const common = { host: '127.0.0.1', port: 0, autoInstrument: false, env: {}, registerGlobal: false, runtimeMetrics: false } as const;

const gzip = await startTelemetry(common);
const plain = await startTelemetry({ ...common, metricsCompression: 'none' });
const stockPort = await freePort();
const stock = new PrometheusExporter({ host: '127.0.0.1', port: stockPort });
await stock.startServer();
const stockProvider = new MeterProvider({ readers: [stock], views: catalogViews() });
for (const bot of [gzip.metrics, plain.metrics, new MetricsCollectorCore(new CatalogInstruments(stockProvider.getMeter('stock')))]) fillToCap(bot);

const targets = { ours_gzip: gzip.endpoint!.port, ours_plain: plain.endpoint!.port, stock: stockPort };
const dir = mkdtempSync(join(tmpdir(), 'dmbt-bench-e2e-'));
const jobs = Object.entries(targets).map(([job, port]) => `  - job_name: ${job}\n    static_configs: [{ targets: ['127.0.0.1:${port}'] }]`);
writeFileSync(join(dir, 'p.yml'), `global: { scrape_interval: 1s, scrape_timeout: 1s }\nscrape_configs:\n${jobs.join('\n')}\n`);
const promPort = await freePort();
const prometheus = startProcess('prometheus', findBinary(['prometheus'], 'prometheus'), [
  `--config.file=${join(dir, 'p.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`,
]);
try {
  const url = `http://127.0.0.1:${promPort}`;
  await waitForHttp(`${url}/-/ready`, prometheus);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const query = async (expr: string): Promise<Map<string, number>> => {
    const res = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as { data: { result: Array<{ metric: { job: string }; value: [number, string] }> } };
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
  console.log(table(
    ['endpoint', 'mean scrape_duration ms', 'max ms', 'scrapes', 'samples/scrape', 'always up'],
    Object.keys(targets).map((job) => [job, ms(avg.get(job)), ms(max.get(job)), count.get(job) ?? 0, samples.get(job) ?? 0, up.get(job) === 1 ? 'yes' : 'no']),
  ));
} finally {
  await prometheus.stop();
  rmSync(dir, { recursive: true, force: true });
  await Promise.all([gzip.shutdown(), plain.shutdown(), stock.shutdown(), stockProvider.shutdown()]);
}

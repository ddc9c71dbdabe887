/**
 * `npm run bench:memory` (runs with --expose-gc): retained memory per series, as the heap plus
 * array-buffer delta after a full GC, for histogram and counter series held by this project
 * (catalog instruments + series bound + OTel SDK + the exposition's label caches after a scrape),
 * by raw OTel (SDK only) and by prom-client. Each measurement runs in a fresh process, so no
 * earlier case's garbage or caches blur the next one.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { CATALOG, type HistogramName, type CounterName } from '../lib/catalog.js';
import { PrometheusTextSerializer } from '../lib/prometheus/text-serializer.js';
import { CatalogInstruments } from '../lib/sdk/instruments.js';
import { catalogViews } from '../lib/sdk/views.js';
import { machine, table } from './support/stats.js';
import { otelWith, promClientWith } from './support/systems.js';
import { histogramSeries, type SeriesLoad } from './support/workloads.js';

const N = Number(process.env['BENCH_SERIES'] ?? 5000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:memory)');

function used(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function perSeries(build: () => Promise<unknown>): Promise<number> {
  const before = used();
  const kept = await build();
  const after = used();
  if (kept === undefined) throw new Error('nothing kept');
  return (after - before) / N;
}

const counterLoad = (n: number): SeriesLoad[] =>
  Array.from({ length: n }, (_, i) => ({
    spec: CATALOG[1],
    labels: { endpoint: `/exchange/v1/route-${i >> 1}/{itemId}`, method: i % 2 ? 'POST' : 'GET', status: '200' },
    values: [1],
  }));

/** This project's whole path: bounded catalog instruments, SDK, and a scrape to fill the caches. */
async function ours(load: readonly SeriesLoad[]): Promise<unknown> {
  const reader = new PrometheusExporter({ preventServerStart: true });
  const views = catalogViews().map((view) => ({ ...view, aggregationCardinalityLimit: 100_000 }));
  const provider = new MeterProvider({ readers: [reader], views });
  const instruments = new CatalogInstruments(provider.getMeter('bench'), {}, 100_000);
  for (const { spec, labels, values } of load) {
    for (const v of values) {
      if (spec.kind === 'histogram') instruments.observe(spec.name as HistogramName, v, labels);
      else instruments.add(spec.name as CounterName, v, labels);
    }
  }
  const serializer = new PrometheusTextSerializer();
  serializer.serialize((await reader.collect()).resourceMetrics);
  return { provider, reader, instruments, serializer };
}

type System = 'ours' | 'otel' | 'prom';
type Kind = 'histogram' | 'counter';
const SYSTEMS: Record<System, (load: readonly SeriesLoad[]) => Promise<unknown>> = {
  ours,
  otel: async (load) => otelWith(load),
  prom: async (load) => promClientWith(load),
};

const [system, kind] = (process.argv[2] ?? '').split(':') as [System | undefined, Kind | undefined];
if (system && kind) {
  const load = kind === 'histogram' ? histogramSeries(N) : counterLoad(N);
  console.log(JSON.stringify(await perSeries(() => SYSTEMS[system](load))));
} else {
  const self = fileURLToPath(import.meta.url);
  const measure = (s: System, k: Kind): string => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, `${s}:${k}`], { encoding: 'utf8' });
    return ((JSON.parse(out.trim().split('\n').pop()!) as number) / 1024).toFixed(2);
  };
  const rows = (['histogram', 'counter'] as const).map((k) => [
    k === 'histogram' ? 'histogram (11 buckets)' : 'counter',
    measure('ours', k),
    measure('otel', k),
    measure('prom', k),
  ]);
  console.log(`${machine()}; ${N} series each, heap + array buffers after GC, one process per cell\n`);
  console.log(table(['series kind', 'this project KiB/series', 'raw OTel SDK KiB/series', 'prom-client KiB/series'], rows));
}

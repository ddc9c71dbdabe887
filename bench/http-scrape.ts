/**
 * `npm run bench:http-scrape`: one whole HTTP scrape (request to last byte, loopback, keep-alive)
 * of N API-latency histogram series: this project's endpoint (plain and gzip) vs. the stock OTel
 * PrometheusExporter server holding the same recordings. Alternated in one process, median of
 * rounds after warm-up; the SDK collection, serialisation and response path are all inside.
 */
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RecordingFacade } from '../lib/recording/recording-facade.js';
import { startTelemetry } from '../lib/index.js';
import { CatalogInstruments } from '../lib/sdk/instruments.js';
import { catalogViews } from '../lib/sdk/views.js';
import { freePort } from '../scripts/stack/processes.js';
import { letters } from './support/fill.js';
import { alternate, machine, ratio, table } from './support/stats.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 31);
const LIMITS = { seriesLimit: 20_000, labelCaps: { endpoint: 10_000 } } as const;
// Manual endpoints outside the route table are bounded; the bench registers its own templates.
const ENDPOINTS = Array.from({ length: 2500 }, (_, i) => `/bench/v1/route-${letters(i)}/items`);
const OPTIONS = { ...LIMITS, endpointTemplates: ENDPOINTS };

type Bot = Pick<RecordingFacade, 'recordApiRequest'>;

/** `n` histogram series (n/2 endpoints × GET/POST), five observations each. */
function fill(bot: Bot, n: number): void {
  for (let i = 0; i < n; i++) {
    for (const duration of [0.03, 0.12, 0.4, 1.7, (i % 10) / 3]) {
      bot.recordApiRequest({ endpoint: ENDPOINTS[i >> 1]!, method: i % 2 ? 'POST' : 'GET', status: 200, duration });
    }
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function get(url: string, gzip: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: gzip ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve(bytes));
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(n: number): Promise<(string | number)[]> {
  const ours = await startTelemetry({
    host: '127.0.0.1',
    port: 0,
    autoInstrument: false,
    env: {},
    registerGlobal: false,
    runtimeMetrics: false,
    ...OPTIONS,
  });
  fill(ours.metrics, n);
  const port = await freePort();
  const exporter = new PrometheusExporter({ host: '127.0.0.1', port });
  await exporter.startServer();
  const provider = new MeterProvider({ readers: [exporter], views: catalogViews(undefined, undefined, LIMITS.seriesLimit) });
  const stockBot = new RecordingFacade(new CatalogInstruments(provider.getMeter('stock'), undefined, LIMITS.seriesLimit), OPTIONS);
  fill(stockBot, n);
  const oursUrl = `${ours.endpoint!.url}/metrics`;
  const stockUrl = `http://127.0.0.1:${port}/metrics`;
  // The transfer floor: the same plain body, prebuilt, from a bare server (no collection, no serialisation).
  const body = Buffer.from(await (await fetch(oursUrl, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
  const floor = createServer((_req, res) => res.end(body));
  await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
  const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/metrics`;
  // 150 ms apart: the endpoint allows 10 collections a second, and a bench is no scrape flood.
  const ms = await alternate(
    {
      plain: () => get(oursUrl, false),
      gzip: () => get(oursUrl, true),
      stock: () => get(stockUrl, false),
      floor: () => get(floorUrl, false),
    },
    ROUNDS,
    3,
    150,
  );
  floor.close();
  stockBot.close();
  await Promise.all([ours.shutdown(), exporter.shutdown(), provider.shutdown()]);
  const f = (v: number): string => v.toFixed(2);
  return [
    `${n} histogram series`,
    f(ms['plain']!),
    f(ms['gzip']!),
    f(ms['stock']!),
    f(ms['floor']!),
    ratio(ms['stock']!, ms['plain']!),
    ratio(ms['stock']!, ms['gzip']!),
    ratio(ms['stock']! - ms['floor']!, ms['plain']! - ms['floor']!),
  ];
}

const rows = [];
for (const n of [500, 2000, 5000]) rows.push(await measure(n));
agent.destroy();
console.log(`${machine()}; median of ${ROUNDS} alternating rounds, request to last byte over loopback\n`);
console.log(
  table(
    [
      'workload',
      'this project plain ms',
      'this project gzip ms',
      'stock OTel ms',
      'transfer floor ms',
      'stock / ours plain',
      'stock / ours gzip',
      'stock / ours above the floor',
    ],
    rows,
  ),
);

/**
 * `npm run bench:scrape-load`: the bot's event loop while a scraper in another process pulls
 * /metrics back to back, with the catalog filled to its label bounds. Reports the largest and
 * 99th-percentile event-loop delay, by perf_hooks.monitorEventLoopDelay and by a lag probe (a 1 ms
 * timer chain: how late each tick fires), scrapes done and body size,
 * for this project's endpoint (gzip and plain) and the stock OTel exporter holding the same data.
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTelemetry } from '../lib/index.js';
import { fillToCap } from './support/fill.js';
import { startStockEndpoint } from './support/stock-endpoint.js';
import { machine, table } from './support/stats.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);

/** A child process that GETs `url` back to back for SECONDS; prints scrapes and bytes. */
const SCRAPER = `
const [url, seconds, gzip] = process.argv.slice(1);
const http = require('node:http');
const end = Date.now() + seconds * 1000;
let scrapes = 0, bytes = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
(function next() {
  if (Date.now() > end) { console.log(JSON.stringify({ scrapes, bytes })); process.exit(0); }
  http.get(url, { agent, headers: gzip === '1' ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
    res.on('data', (c) => (bytes += c.length));
    res.on('end', () => { scrapes++; next(); });
  });
})();
`;

/** How late each tick of a 1 ms timer chain fires: what a bot's own timers and I/O feel. */
function lagProbe(): () => number[] {
  const lags: number[] = [];
  let running = true;
  let expected = performance.now() + 1;
  const tick = (): void => {
    const now = performance.now();
    lags.push(Math.max(0, now - expected));
    expected = now + 1;
    if (running) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  return () => {
    running = false;
    return lags.sort((a, b) => a - b);
  };
}

async function underScrapes(url: string, gzip: boolean): Promise<(string | number)[]> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const stopProbe = lagProbe();
  const child = spawn(process.execPath, ['-e', SCRAPER, url, String(SECONDS), gzip ? '1' : '0']);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  await new Promise((resolve) => child.on('exit', resolve));
  delay.disable();
  const lags = stopProbe();
  const { scrapes, bytes } = JSON.parse(out) as { scrapes: number; bytes: number };
  const probeP99 = lags[Math.floor(lags.length * 0.99)] ?? 0;
  const probeMax = lags[lags.length - 1] ?? 0;
  return [
    (delay.max / 1e6).toFixed(1),
    (delay.percentile(99) / 1e6).toFixed(1),
    probeMax.toFixed(1),
    probeP99.toFixed(1),
    scrapes,
    Math.round(bytes / scrapes),
  ];
}

const ours = await startTelemetry({
  host: '127.0.0.1',
  port: 0,
  autoInstrument: false,
  env: {},
  registerGlobal: false,
  runtimeMetrics: false,
});
fillToCap(ours.metrics);

const stock = await startStockEndpoint();
const stockPort = stock.port;

// The first scrape builds the label caches; it is timed on its own, then every run starts warm.
const coldStart = performance.now();
await fetch(`${ours.endpoint!.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } }).then((r) => r.arrayBuffer());
const coldMs = performance.now() - coldStart;
await fetch(`http://127.0.0.1:${stockPort}/metrics`).then((r) => r.arrayBuffer());

const rows = [
  ['this project, gzip (as Prometheus asks)', ...(await underScrapes(`${ours.endpoint!.url}/metrics`, true))],
  ['this project, plain', ...(await underScrapes(`${ours.endpoint!.url}/metrics`, false))],
  ['stock OTel PrometheusExporter', ...(await underScrapes(`http://127.0.0.1:${stockPort}/metrics`, false))],
];
const series = (await (await fetch(`${ours.endpoint!.url}/metrics`)).text()).split('\n').filter((l) => l && !l.startsWith('#')).length;
console.log(`${machine()}; ${series} exported samples at the label bounds, ${SECONDS} s of back-to-back scrapes each\n`);
console.log(`first (cold-cache) scrape of this project's endpoint, request to last byte: ${coldMs.toFixed(1)} ms\n`);
console.log(
  table(
    ['endpoint', 'max loop delay ms', 'p99 loop delay ms', 'probe max lag ms', 'probe p99 lag ms', 'scrapes', 'bytes/scrape on the wire'],
    rows,
  ),
);
await ours.shutdown();
await stock.shutdown();

/**
 * `npm run bench:capture`: the layer's own CPU cost per captured request, without the noise
 * of a real socket: synthetic messages are published on the diagnostics channels the
 * auto-capture listens to, and each full request (create → headers → record) is timed.
 */
import { channel } from 'node:diagnostics_channel';
import { startTelemetry } from '../lib/index.js';

const N = Number(process.env['BENCH_CAPTURES'] ?? 200_000);
const handle = await startTelemetry({ host: '127.0.0.1', port: 0, dmarketHosts: ['https://api.dmarket.com'] });

const create = channel('undici:request:create');
const headers = channel('undici:request:headers');
const rawHeaders = ['content-type', 'application/json', 'x-ratelimit-remaining', '10', 'x-ratelimit-limit', '30'].map((s) =>
  Buffer.from(s),
);
const response = { statusCode: 200, headers: rawHeaders };

function oneUndiciRequest(i: number): void {
  const request = { origin: 'https://api.dmarket.com', method: 'GET', path: `/exchange/v1/offers/o${i & 1023}?title=x` };
  create.publish({ request });
  headers.publish({ request, response });
}

function time(label: string, fn: (i: number) => void): void {
  for (let i = 0; i < 20_000; i++) fn(i); // warm-up
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - start) / N;
  const used = process.cpuUsage(cpu);
  console.log(`| ${label} | ${(ns / 1000).toFixed(2)} | ${((used.user + used.system) / N).toFixed(2)} |`);
}

console.log(`node ${process.version}, ${N} captured requests\n`);
console.log('| path | wall µs/request | CPU µs/request |');
console.log('|---|---|---|');
time('undici channel capture (create + headers + record, with rate-limit headers)', oneUndiciRequest);
time('MetricsCollector.recordApiRequest (manual, for comparison)', () =>
  handle.metrics.recordApiRequest({ endpoint: 'wss://feed', method: 'GET', status: 200, duration: 0.1 }),
);
await handle.shutdown();

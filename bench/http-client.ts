/**
 * One benchmark child: sets up one mode (bare | layer | stock), then times N sequential
 * keep-alive requests to the server given in argv, and prints µs per request as JSON.
 */
import { metrics } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import http, { Agent } from 'node:http';
import { subscribe } from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import { startTelemetry } from '../lib/index.js';

const [mode, client, base, countArg] = process.argv.slice(2) as [string, 'fetch' | 'http', string, string];
const count = Number(countArg);
const path = '/exchange/v1/offers/abc123?title=AK-47';
const NOOP_CHANNELS = [
  'undici:request:create',
  'undici:request:headers',
  'undici:request:error',
  'http.client.request.start',
  'http.client.response.finish',
  'http.client.request.error',
];

async function setUp(): Promise<void> {
  if (mode === 'layer') {
    await startTelemetry({ host: '127.0.0.1', port: 0, dmarketHosts: [base], runtimeMetrics: process.env['RT'] !== '0' });
  } else if (mode === 'noop') {
    // The same diagnostics channels the layer listens to, with handlers that do nothing: what
    // publishing alone costs once a channel has subscribers.
    const noop = (): void => undefined;
    for (const name of NOOP_CHANNELS) subscribe(name, noop);
  } else if (mode === 'stock') {
    // What @opentelemetry/auto-instrumentations-node does for these two clients, default options.
    const provider = new MeterProvider({ readers: [new PrometheusExporter({ preventServerStart: true })] });
    metrics.setGlobalMeterProvider(provider);
    new HttpInstrumentation();
    new UndiciInstrumentation();
    // As a CommonJS app would: the require hook patches the shared `http` exports object.
    createRequire(import.meta.url)('node:http');
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function httpGet(): Promise<void> {
  return new Promise((resolve, reject) => {
    // Looked up per call, as axios and node-fetch do, so every mode sees its own patching.
    const req = http.request(base + path, { agent, headers: { 'X-Api-Key': 'k' } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

async function fetchGet(): Promise<void> {
  const res = await fetch(base + path, { headers: { 'X-Api-Key': 'k' } });
  await res.arrayBuffer();
}

await setUp();
const once = client === 'fetch' ? fetchGet : httpGet;
for (let i = 0; i < Math.min(2000, count); i++) await once(); // warm-up: JIT, sockets
const cpuBefore = process.cpuUsage();
const start = process.hrtime.bigint();
for (let i = 0; i < count; i++) await once();
const micros = Number(process.hrtime.bigint() - start) / 1000 / count;
const cpu = process.cpuUsage(cpuBefore);
// CPU time of the client process per request: the instrumentation's own work, little scheduling noise.
const cpuMicros = (cpu.user + cpu.system) / count;
console.log(JSON.stringify({ mode, client, micros, cpuMicros }));
agent.destroy();
process.exit(0);

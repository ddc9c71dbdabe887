/**
 * `npm run bench:capture-instructions`: CPU instructions added per DMarket request, counted by
 * valgrind (callgrind), not timed: the count does not move with machine load, so small
 * differences (a few µs on a 300 µs fetch) become visible. Each mode of bench/http-client.ts runs
 * under callgrind twice, with N and 2N requests; (Ir(2N) − Ir(N)) / 2N is its per-request count
 * (start-up cancels out; the client warms up with as many requests as it times). Modes: bare,
 * noop (no-op subscribers on the capture's channels), layer (startTelemetry), stock (OTel http +
 * undici instrumentation). Slow (valgrind): minutes. Never asserted in CI.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { machine, table } from './support/stats.js';

const N = Number(process.env['BENCH_REQUESTS'] ?? 400);
const MODES = ['bare', 'noop', 'layer', 'stock'] as const;
const CLIENTS = (process.env['BENCH_CLIENTS'] ?? 'http,fetch').split(',');
const child = fileURLToPath(new URL('./http-client.ts', import.meta.url));
const run = promisify(execFile);

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining': '10', 'x-ratelimit-limit': '30' });
  res.end('{"ok":true}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function instructions(mode: string, client: string, count: number): Promise<number> {
  const args = [
    '--tool=callgrind',
    '--callgrind-out-file=/dev/null',
    process.execPath,
    '--import',
    'tsx',
    child,
    mode,
    client,
    base,
    String(count),
  ];
  const { stderr } = await run('valgrind', args, { maxBuffer: 16 * 1024 * 1024 });
  const match = /Collected : (\d+)/.exec(stderr);
  if (!match) throw new Error(`no instruction count for ${mode}/${client}: ${stderr.slice(-500)}`);
  return Number(match[1]);
}

const rows: (string | number)[][] = [];
for (const client of CLIENTS) {
  const perRequest: Record<string, number> = {};
  for (const mode of MODES) {
    // Two at a time: one per core.
    const [small, large] = await Promise.all([instructions(mode, client, N), instructions(mode, client, 2 * N)]);
    perRequest[mode] = (large - small) / (2 * N);
  }
  const added = (mode: string): number => perRequest[mode]! - perRequest['bare']!;
  const k = (n: number): string => (n / 1000).toFixed(1);
  rows.push([
    client,
    k(perRequest['bare']!),
    k(added('noop')),
    k(added('layer')),
    k(added('stock')),
    (added('stock') / added('layer')).toFixed(2) + '×',
  ]);
}
server.close();
console.log(`${machine()}; callgrind instruction counts, ${N} vs ${2 * N} requests per mode (thousands of instructions per request)\n`);
console.log(
  table(['client', 'bare', 'added by no-op subscribers', 'added by this layer', 'added by stock OTel', 'stock added / layer added'], rows),
);

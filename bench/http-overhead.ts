/**
 * `npm run bench:http`: latency added per DMarket request by this layer vs. the stock OTel
 * http + undici instrumentation, against a bare client. Loopback keep-alive server in this
 * process; each mode runs in its own child (instrumentation patches the process), alternated
 * over rounds. Run-to-run noise on a 2-core machine is tens of µs (scheduling, GC), mostly
 * additive, so each cell is the best (minimum) of the rounds; medians are printed too.
 * Never asserted in CI.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const COUNT = Number(process.env['BENCH_REQUESTS'] ?? 5000);
const MODES = ['bare', 'layer', 'stock'] as const;
const CLIENTS = ['http', 'fetch'] as const;
const child = fileURLToPath(new URL('./http-client.ts', import.meta.url));

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining': '10', 'x-ratelimit-limit': '30' });
  res.end('{"ok":true}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// The server must keep answering while a child runs, so children run asynchronously.
const run = promisify(execFile);

const results = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const client of CLIENTS) {
    for (const mode of MODES) {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', child, mode, client, base, String(COUNT)], { timeout: 300_000 });
      const { micros, cpuMicros } = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { micros: number; cpuMicros: number };
      for (const [metric, value] of [
        ['wall', micros],
        ['cpu', cpuMicros],
      ] as const) {
        const key = `${metric} ${client} ${mode}`;
        results.set(key, [...(results.get(key) ?? []), value]);
      }
    }
  }
}
server.close();

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const best = (xs: number[]): number => Math.min(...xs);
console.log(`node ${process.version}, ${ROUNDS} rounds × ${COUNT} sequential keep-alive requests per mode`);
for (const [statName, stat] of [
  ['best of rounds', best],
  ['median of rounds', median],
] as const)
  for (const metric of ['cpu', 'wall'] as const) {
    console.log(`\n${metric === 'cpu' ? 'Client CPU time' : 'Wall-clock latency'} per request (µs), ${statName}:`);
    console.log('| client | bare | this layer | stock OTel | added by layer | added by stock | stock added / layer added |');
    console.log('|---|---|---|---|---|---|---|');
    for (const client of CLIENTS) {
      const [bare, layer, stock] = MODES.map((m) => stat(results.get(`${metric} ${client} ${m}`) ?? [])) as [number, number, number];
      const addedLayer = layer - bare;
      const addedStock = stock - bare;
      const ratio = addedLayer > 0 ? `${(addedStock / addedLayer).toFixed(1)}×` : 'n/a';
      console.log(
        `| ${client} | ${bare.toFixed(1)} | ${layer.toFixed(1)} | ${stock.toFixed(1)} | ${addedLayer.toFixed(1)} | ${addedStock.toFixed(1)} | ${ratio} |`,
      );
    }
  }

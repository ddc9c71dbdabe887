import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import type { TelemetryHandle } from '../../lib/index.js';
import { CONNECTION_LIMITS } from '../../lib/server/connection-guard.js';
import { figure } from '../support/figures.js';
import { settledHeap } from '../support/heap.js';
import { watchForCrashes } from '../support/no-crash.js';
import { startTestTelemetry } from '../support/telemetry.js';

const TOKEN = 'scrape-secret';
const MB = 1024 * 1024;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request on a fresh connection; resolves with the status and how long it took, or 0 on failure. */
function probe(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { Connection: 'close', ...headers }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end();
  });
}

/** Probes /health and an authenticated /metrics every 100 ms while `attack` runs. */
async function probeDuring(port: number, seconds: number): Promise<{ served: number; tried: number; maxMs: number }> {
  const results: Array<Promise<{ status: number; ms: number }>> = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    results.push(probe(port, '/health'), probe(port, '/metrics', { Authorization: `Bearer ${TOKEN}` }));
    await wait(100);
  }
  const done = await Promise.all(results);
  return { served: done.filter((r) => r.status === 200).length, tried: done.length, maxMs: Math.max(...done.map((r) => r.ms)) };
}

/** A connection that sends `payload` and then never reads a byte of the answers (when `pause`). */
function hostileSocket(port: number, payload: string, pause: boolean): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      if (pause) socket.pause();
      if (payload) socket.write(payload);
      resolve(socket);
    });
    socket.on('error', () => undefined);
  });
}

/** How many of `sockets` the server has closed: resumed, a closed one reads its rest and ends. */
async function closedByServer(sockets: readonly Socket[]): Promise<number> {
  let closed = 0;
  for (const s of sockets) {
    s.once('close', () => closed++);
    s.on('data', () => undefined);
    s.resume();
  }
  await wait(2000);
  return closed;
}

describe('the metrics server cannot be starved', function () {
  this.timeout(60_000);
  let handle: TelemetryHandle;
  let hostile: Socket[];
  beforeEach(async () => {
    hostile = [];
    handle = await startTestTelemetry({ runtimeMetrics: false, metricsAuth: { bearerToken: TOKEN } });
    for (let i = 0; i < 200; i++) handle.metrics.recordCommand(`/c${i}`);
  });
  afterEach(async () => {
    for (const s of hostile) s.destroy();
    await handle.shutdown();
  });

  it('260 sockets pipelining requests and never reading: probes and authenticated scrapes are still served', async () => {
    const crashes = watchForCrashes();
    const port = handle.endpoint?.port ?? 0;
    const before = settledHeap();
    // Unauthenticated, through the open /health: 200 pipelined requests per socket.
    const payload = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(200);
    hostile = await Promise.all(Array.from({ length: 260 }, () => hostileSocket(port, payload, true)));
    const { served, tried, maxMs } = await probeDuring(port, 4);
    const during = settledHeap() - before;
    // The requests parsed before a socket was cut are freed with it; the write deadline (5 s) bounds the rest.
    await wait(CONNECTION_LIMITS.writeDeadlineMs);
    const grown = settledHeap() - before;
    const cutByServer = await closedByServer(hostile);
    crashes.stop();
    crashes.check();
    figure(
      'starvation: 260 pipelining non-reading sockets',
      'liveness probes + authenticated scrapes served / tried, slowest',
      `${served} / ${tried}, ${maxMs.toFixed(0)} ms`,
    );
    figure(
      'starvation: 260 pipelining non-reading sockets',
      'hostile sockets cut by the server; heap growth after GC during the attack / 5 s later',
      `${cutByServer}; ${(during / MB).toFixed(1)} / ${(grown / MB).toFixed(1)} MB`,
    );
    expect(served).to.equal(tried);
    expect(cutByServer, 'sockets the server cut (pipelining limit) or evicted for the probes').to.be.above(0);
    expect(grown, `heap grew ${(grown / MB).toFixed(1)} MB`).to.be.below(64 * MB);
  });

  it('idle sockets re-opened faster than they time out: probes and scrapes are still served', async () => {
    const port = handle.endpoint?.port ?? 0;
    let opening = true;
    const opener = (async () => {
      // ~100 new idle connections per second, never sending a byte, kept open.
      while (opening) {
        for (let i = 0; i < 10; i++) hostile.push(await hostileSocket(port, '', false));
        await wait(100);
      }
    })();
    await wait(CONNECTION_LIMITS.maxConnections * 10 + 500); // the cap is full of idle sockets
    const { served, tried, maxMs } = await probeDuring(port, 3);
    opening = false;
    await opener;
    const open = hostile.filter((s) => !s.destroyed).length;
    figure(
      'starvation: idle sockets re-opened at ~100/s',
      `probes + scrapes served / tried (${hostile.length} opened, ${open} still open), slowest`,
      `${served} / ${tried}, ${maxMs.toFixed(0)} ms`,
    );
    expect(served).to.equal(tried);
    expect(open).to.be.at.most(CONNECTION_LIMITS.maxConnections);
  });
});

import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import type { TelemetryHandle } from '../../lib/index.js';
import { figure } from '../support/figures.js';
import { startTestTelemetry } from '../support/telemetry.js';

const SLOW_CLIENTS = 50;

/** A raw socket; resolves with what the server answered and when it closed the connection. */
function rawClient(port: number): { socket: Socket; closed: Promise<{ at: number; answer: string }> } {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d) => (answer += d.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<{ at: number; answer: string }>((resolve) =>
    socket.on('close', () => resolve({ at: performance.now(), answer })),
  );
  return { socket, closed };
}

describe('reliability: slow-loris and oversized requests', function () {
  this.timeout(60_000);
  let handle: TelemetryHandle;
  before(async () => (handle = await startTestTelemetry()));
  after(() => handle.shutdown());

  it('cuts off clients that never finish their headers, and keeps serving scrapes meanwhile', async () => {
    const port = handle.endpoint?.port ?? 0;
    const started = performance.now();
    const slow = Array.from({ length: SLOW_CLIENTS }, () => rawClient(port));
    const drip = setInterval(() => {
      for (const { socket } of slow) if (!socket.destroyed) socket.write('X');
    }, 500);
    for (const { socket } of slow) socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    let scrapes = 0;
    let failures = 0;
    const until = Date.now() + 4000;
    while (Date.now() < until) {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined);
      if (res?.status === 200) scrapes++;
      else failures++;
      await new Promise((r) => setTimeout(r, 100));
    }
    let giveUp: NodeJS.Timeout | undefined;
    const closes = await Promise.race([
      Promise.all(slow.map((c) => c.closed)),
      new Promise<never>((_, reject) => (giveUp = setTimeout(() => reject(new Error('slow clients still open after 15 s')), 15_000))),
    ]).finally(() => {
      clearTimeout(giveUp);
      clearInterval(drip);
    });
    const longest = Math.max(...closes.map((c) => c.at - started)) / 1000;
    expect(failures).to.equal(0);
    expect(scrapes).to.be.greaterThan(10);
    expect(closes.every((c) => c.answer === '' || c.answer.startsWith('HTTP/1.1 408'))).to.equal(true);
    figure(
      'slow clients',
      `${SLOW_CLIENTS} slow-loris connections closed by the server after`,
      `${longest.toFixed(1)} s (headers timeout 5 s)`,
    );
    figure('slow clients', 'normal scrapes meanwhile (failed)', `${scrapes} (${failures})`);
  });

  it('rejects oversized headers (431) and request bodies (413)', async () => {
    const port = handle.endpoint?.port ?? 0;
    const big = rawClient(port);
    big.socket.write(`GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(16_384)}\r\n\r\n`);
    const bigAnswer = await big.closed;
    expect(bigAnswer.answer).to.match(/^HTTP\/1\.1 431/);
    const body = rawClient(port);
    body.socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
    const bodyAnswer = await body.closed;
    expect(bodyAnswer.answer).to.match(/^HTTP\/1\.1 413/);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).to.equal(200);
    figure('oversized requests', '16 KB header / request body', '431 / 413, server keeps serving');
  });
});

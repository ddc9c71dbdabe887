import { expect } from 'chai';
import { request, Agent } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { TelemetryHandle } from '../../lib/index.js';
import { parseExposition, sampleValue } from '../support/exposition.js';
import { figure } from '../support/figures.js';
import { startTestTelemetry } from '../support/telemetry.js';

const SCRAPERS = 100;
const EVENTS_PER_SECOND = 10_000;
const SECONDS = 10;

function get(port: number, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/metrics', agent, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const percentile = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;

describe('reliability: load', function () {
  this.timeout(60_000);
  let handle: TelemetryHandle;
  before(async () => (handle = await startTestTelemetry()));
  after(() => handle.shutdown());

  it(`${SCRAPERS} concurrent scrapers while recording ${EVENTS_PER_SECOND} events/s for ${SECONDS} s`, async () => {
    const port = handle.endpoint?.port ?? 0;
    const agent = new Agent({ keepAlive: true, maxSockets: SCRAPERS });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let recorded = 0;
    let running = true;
    const recordStart = performance.now();
    // Catches up on every tick, so busy scrapes delay events but never lower the rate.
    const recorder = setInterval(() => {
      const due = Math.min(EVENTS_PER_SECOND * SECONDS, Math.floor(((performance.now() - recordStart) / 1000) * EVENTS_PER_SECOND));
      for (; recorded < due; recorded++) handle.metrics.recordCommand(recorded % 2 ? '/start' : '/arbitrage');
    }, 10);
    const latencies: number[] = [];
    let failed = 0;
    let nonMonotonic = 0;
    const scraper = async (): Promise<void> => {
      let last = 0;
      while (running) {
        const started = performance.now();
        try {
          const res = await get(port, agent);
          latencies.push(performance.now() - started);
          if (res.status !== 200) {
            failed++;
            continue;
          }
          const p = parseExposition(res.body);
          const total =
            (sampleValue(p, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' }) ?? 0) +
            (sampleValue(p, 'dmarket_bot_commands_total', { command: '/arbitrage', status: 'ok' }) ?? 0);
          if (total < last) nonMonotonic++;
          last = total;
        } catch {
          failed++;
        }
      }
    };
    const scrapers = Array.from({ length: SCRAPERS }, scraper);
    const wallStart = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    clearInterval(recorder);
    running = false;
    await Promise.all(scrapers);
    const wall = (performance.now() - wallStart) / 1000;
    delay.disable();
    agent.destroy();

    const final = parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    const total =
      (sampleValue(final, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' }) ?? 0) +
      (sampleValue(final, 'dmarket_bot_commands_total', { command: '/arbitrage', status: 'ok' }) ?? 0);
    expect(failed).to.equal(0);
    expect(nonMonotonic).to.equal(0);
    expect(total).to.equal(recorded);
    figure('load', 'scrapes answered (failed)', `${latencies.length} (${failed})`);
    figure('load', 'events recorded = final counter total', `${recorded} = ${total} (${(recorded / wall).toFixed(0)}/s)`);
    figure('load', 'scrape latency p50 / p99', `${percentile(latencies, 50).toFixed(1)} ms / ${percentile(latencies, 99).toFixed(1)} ms`);
    figure('load', 'max event-loop delay', `${(delay.max / 1e6).toFixed(1)} ms`);
  });
});

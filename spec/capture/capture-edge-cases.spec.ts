import { expect } from 'chai';
import axios from 'axios';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import type { TelemetryHandle } from '../../lib/index.js';
import { currentSink } from '../../lib/capture/capture-sink.js';
import { HostFilter } from '../../lib/capture/host-filter.js';
import { CapturedCallRecorder } from '../../lib/recording/captured-calls.js';
import { TEMPLATE_CACHE_BYTES, TEMPLATE_CACHE_ENTRIES } from '../../lib/recording/template-cache.js';
import { fetchRequest, nodeRequest } from '../support/clients.js';
import { samplesOf, sampleValue } from '../support/exposition.js';
import { watchForCrashes } from '../support/no-crash.js';
import { scrape, startTestTelemetry, urlOf } from '../support/telemetry.js';
import { startEdgeServer, type EdgeServer } from './edge-server.js';

// node-fetch v2 is installed (a dependency of grammY and Telegraf), without types of its own.
type NodeFetch = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<{ status: number }>;
const nodeFetch = createRequire(import.meta.url)('node-fetch') as NodeFetch;

const calls = (endpoint: string, method: string, status: string) => ({ endpoint, method, status });
const SLOW = { 'x-test-delay-ms': '3000' };

/** Starts `send(signal-or-nothing)`, cancels it once the request is on the wire, waits for the outcome. */
async function cancelAfter(
  ms: number,
  send: (signal: AbortSignal) => Promise<unknown>,
  cancel?: (controller: AbortController) => void,
): Promise<void> {
  const controller = new AbortController();
  const done = send(controller.signal).catch(() => undefined);
  setTimeout(() => (cancel ? cancel(controller) : controller.abort()), ms);
  await done;
}

/** A raw http request cancelled by `how` after `ms`; resolves when it has closed. */
function httpCancelled(url: string, how: 'destroy' | 'abort', ms: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { headers: SLOW });
    req.on('error', () => undefined);
    req.on('close', () => resolve());
    req.end();
    setTimeout(() => (how === 'destroy' ? req.destroy() : req.abort()), ms);
  });
}

describe('auto-capture edge cases (real requests)', function () {
  this.timeout(60_000);
  let api: EdgeServer;
  let handle: TelemetryHandle;
  let crashes: ReturnType<typeof watchForCrashes>;

  beforeEach(async () => {
    crashes = watchForCrashes();
    api = await startEdgeServer();
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [api.url] });
  });

  afterEach(async () => {
    await handle.shutdown();
    await api.close();
    crashes.stop();
    crashes.check();
  });

  it('103 Early Hints before the answer: the final status, its duration and its rate-limit headers are recorded (fetch and http)', async () => {
    const headers = {
      'x-test-early-hints': '1',
      'x-test-delay-ms': '300',
      'x-test-status': '429',
      'x-test-h-x-ratelimit-remaining': '0',
      'x-test-h-x-ratelimit-limit': '30',
      'x-test-h-retry-after': '30',
    };
    const [viaFetch, viaHttp] = await Promise.all([
      fetchRequest(`${api.url}/exchange/v1/market/items?gameId=a8db`, { headers }),
      nodeRequest(`${api.url}/exchange/v1/market/items`, { headers }),
    ]);
    expect(viaFetch.status).to.equal(429);
    expect(viaHttp.status).to.equal(429);
    const p = await scrape(handle);
    expect(samplesOf(p, 'dmarket_bot_api_requests_total').map((s) => s.labels)).to.deep.equal([
      calls('/exchange/v1/market/items', 'GET', '429'),
    ]);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', calls('/exchange/v1/market/items', 'GET', '429'))).to.equal(2);
    // The 103 came at once; the recorded durations run to the final headers (≥ 300 ms each).
    expect(
      sampleValue(p, 'dmarket_bot_api_request_duration_seconds_sum', { endpoint: '/exchange/v1/market/items', method: 'GET' }),
    ).to.be.at.least(0.6);
    expect(sampleValue(p, 'dmarket_bot_api_rate_limit_limit', { scope: 'exchange' })).to.equal(30);
    expect(sampleValue(p, 'dmarket_bot_api_rate_limit_remaining', { scope: 'exchange' })).to.equal(0);
  });

  it('cancellations by the caller are aborted: fetch (with and without a reason), axios, node-fetch, req.destroy(), req.abort()', async () => {
    const url = `${api.url}/marketplace-api/v1/user-inventory`;
    // All six at once: each request is cancelled and recorded on its own.
    await Promise.all([
      cancelAfter(100, (signal) => fetch(url, { headers: SLOW, signal })),
      cancelAfter(
        100,
        (signal) => fetch(url, { headers: SLOW, signal }),
        (c) => c.abort(new Error('user pressed stop')),
      ),
      cancelAfter(100, (signal) => axios.get(url, { headers: SLOW, signal })),
      cancelAfter(100, (signal) => nodeFetch(url, { headers: SLOW, signal })),
      httpCancelled(url, 'destroy', 100),
      httpCancelled(url, 'abort', 100),
    ]);
    const p = await scrape(handle);
    expect(samplesOf(p, 'dmarket_bot_api_requests_total').map((s) => [s.labels['status'], s.value])).to.deep.equal([['aborted', 6]]);
  });

  it('a server that resets the connection is still a network_error, not an abort', async () => {
    await handle.shutdown();
    const { createServer } = await import('node:net');
    const rude = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve));
    const port = (rude.address() as { port: number }).port;
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [`127.0.0.1:${port}`] });
    try {
      await fetchRequest(`http://127.0.0.1:${port}/account/v1/balance`);
      await nodeRequest(`http://127.0.0.1:${port}/account/v1/balance`);
      const p = await scrape(handle);
      expect(sampleValue(p, 'dmarket_bot_api_requests_total', calls('/account/v1/balance', 'GET', 'network_error'))).to.equal(2);
    } finally {
      rude.close();
    }
  });

  it('never counts the telemetry server’s own /metrics and /health, even when dmarketHosts names the bare host', async () => {
    await handle.shutdown();
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: ['127.0.0.1'] });
    for (const path of ['/metrics', '/health', '/metrics?x=1', '/health/']) {
      await fetchRequest(urlOf(handle, path));
      await nodeRequest(urlOf(handle, path));
    }
    await fetchRequest(`${api.url}/account/v1/balance`);
    const p = await scrape(handle);
    expect(samplesOf(p, 'dmarket_bot_api_requests_total').map((s) => s.labels)).to.deep.equal([calls('/account/v1/balance', 'GET', '200')]);
  });

  it('a trailing-dot host is the same host, in the Host header and in dmarketHosts', async () => {
    await handle.shutdown();
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: ['api.dmarket.com', 'trade.example.'] });
    await nodeRequest(`${api.url}/account/v1/balance`, { headers: { host: `api.dmarket.com.:${api.port}` } });
    await nodeRequest(`${api.url}/account/v1/user`, { headers: { host: 'API.DMarket.com.' } });
    await nodeRequest(`${api.url}/exchange/v1/user/items`, { headers: { host: 'trade.example' } });
    await nodeRequest(`${api.url}/exchange/v1/user/items`, { headers: { host: 'other.example' } });
    const p = await scrape(handle);
    expect(
      samplesOf(p, 'dmarket_bot_api_requests_total')
        .map((s) => s.labels['endpoint'])
        .sort(),
    ).to.deep.equal(['/account/v1/balance', '/account/v1/user', '/exchange/v1/user/items']);
    // undici hands over origins: the same rule applies to them.
    const hosts = new HostFilter(['api.dmarket.com']);
    expect(hosts.matchesOrigin('https://api.dmarket.com.')).to.equal(true);
    expect(hosts.matchesOrigin('https://api.dmarket.com.:443')).to.equal(true);
    expect(hosts.matchesOrigin('https://api.dmarket.co')).to.equal(false);
  });

  it('recordApiRequest({ status: "ok" }) is a success for the dmarket_api health check', async () => {
    await handle.shutdown();
    handle = await startTestTelemetry({
      healthChecks: { eventLoopDelayMs: false, dmarketDegradedAfterSeconds: 0.8, dmarketFailAfterSeconds: 1 },
    });
    const check = async (): Promise<string | undefined> =>
      ((await (await fetch(urlOf(handle, '/health'))).json()) as { checks: Record<string, { status: string }> }).checks['dmarket_api']
        ?.status;
    handle.metrics.recordApiRequest({ endpoint: '/account/v1/balance', method: 'GET', status: 'error', duration: 0.1 });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await check()).to.equal('fail');
    handle.metrics.recordApiRequest({ endpoint: '/account/v1/balance', method: 'GET', status: 'ok', duration: 0.1 });
    expect(await check()).to.equal('ok');
  });

  it('caches templates by path without the query, bounded in entries and in bytes', async () => {
    for (let i = 0; i < 40; i++) await fetchRequest(`${api.url}/account/v1/balance?cursor=${i}&title=AK-47`);
    const recorder = currentSink()?.recorder;
    if (!(recorder instanceof CapturedCallRecorder)) throw new Error('no capture sink');
    expect(recorder.templates.size).to.equal(1);
    const long = 'x'.repeat(1500);
    for (let i = 0; i < 5000; i++) recorder.template(`/exchange/v1/items/${i}/${long}`, 'GET');
    expect(recorder.templates.keyBytes).to.be.at.most(TEMPLATE_CACHE_BYTES);
    expect(recorder.templates.size).to.be.at.most(TEMPLATE_CACHE_ENTRIES);
    expect(recorder.templates.size).to.be.greaterThan(0);
  });
});

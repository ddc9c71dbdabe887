import { expect } from 'chai';
import type { TelemetryHandle } from '../../lib/index.js';
import { resetSecondsFrom } from '../../lib/recording/rate-limit-gauges.js';
import { fetchRequest, nodeRequest } from '../support/clients.js';
import { sampleValue } from '../support/exposition.js';
import { scrape, startTestTelemetry } from '../support/telemetry.js';
import { startEdgeServer, type EdgeServer } from './edge-server.js';

const remaining = async (handle: TelemetryHandle, scope: string): Promise<number | undefined> =>
  sampleValue(await scrape(handle), 'dmarket_bot_api_rate_limit_remaining', { scope });

/** Polls until the gauge leaves `from` (bounded), returning the new value. */
async function changedFrom(handle: TelemetryHandle, scope: string, from: number): Promise<number | undefined> {
  const deadline = Date.now() + 10_000;
  let value = await remaining(handle, scope);
  while (value === from && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await remaining(handle, scope);
  }
  return value;
}

// Windows of half a second (the headers and updateRateLimit take fractions) keep the waits for a reset short.
describe('rate-limit remaining gauge expires at the window reset', function () {
  this.timeout(30_000);
  let api: EdgeServer;
  let handle: TelemetryHandle;

  beforeEach(async () => {
    api = await startEdgeServer();
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [api.url] });
  });

  afterEach(async () => {
    await handle.shutdown();
    await api.close();
  });

  it('after a 429 with Retry-After, a bot that stops calling sees the full window again (X-RateLimit-Limit)', async () => {
    await fetchRequest(`${api.url}/exchange/v1/market/items`, {
      headers: {
        'x-test-status': '429',
        'x-test-h-retry-after': '0.5',
        'x-test-h-x-ratelimit-limit': '30',
        'x-test-h-x-ratelimit-scope': 'market',
      },
    });
    expect(await remaining(handle, 'market')).to.equal(0);
    expect(await changedFrom(handle, 'market', 0)).to.equal(30);
  });

  it('X-RateLimit-Reset bounds a normal reading; without a limit the highest remaining seen is the window', async () => {
    await nodeRequest(`${api.url}/account/v1/balance`, {
      headers: { 'x-test-h-x-ratelimit-remaining': '7', 'x-test-h-x-ratelimit-reset': '30' },
    });
    await nodeRequest(`${api.url}/account/v1/balance`, {
      headers: { 'x-test-h-x-ratelimit-remaining': '2', 'x-test-h-x-ratelimit-reset': '0.5' },
    });
    expect(await remaining(handle, 'account')).to.equal(2);
    expect(await changedFrom(handle, 'account', 2)).to.equal(7);
  });

  it('a bare 429 on a scope never seen before becomes unknown (NaN) at its reset, not 0 forever', async () => {
    await nodeRequest(`${api.url}/marketplace-api/v1/user-offers`, { headers: { 'x-test-status': '429', 'x-test-h-retry-after': '0.5' } });
    expect(await remaining(handle, 'marketplace-api')).to.equal(0);
    expect(await changedFrom(handle, 'marketplace-api', 0)).to.be.NaN;
  });

  it('a newer reading replaces the pending reset; manual updateRateLimit expires the same way', async () => {
    handle.metrics.updateRateLimit(0, { scope: 'trade', limit: 10, resetSeconds: 0.5 });
    expect(await remaining(handle, 'trade')).to.equal(0);
    expect(await changedFrom(handle, 'trade', 0)).to.equal(10);
    handle.metrics.updateRateLimit(4, { scope: 'trade', limit: 10, resetSeconds: 600 });
    await new Promise((r) => setTimeout(r, 750));
    expect(await remaining(handle, 'trade')).to.equal(4);
  });

  it('reads reset times as seconds, Unix seconds, Unix milliseconds and HTTP dates', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    const from = (headers: Record<string, string>) => resetSecondsFrom((n) => headers[n], now);
    expect(from({ 'x-ratelimit-reset': '12' })).to.equal(12);
    expect(from({ 'x-ratelimit-reset': String(now / 1000 + 40) })).to.equal(40);
    expect(from({ 'x-ratelimit-reset': String(now + 5000) })).to.equal(5);
    expect(from({ 'retry-after': '3' })).to.equal(3);
    expect(from({ 'retry-after': 'Wed, 25 Nov 2026 12:01:00 GMT' })).to.equal(60);
    expect(from({ 'retry-after': 'soon' })).to.equal(undefined);
    expect(from({})).to.equal(undefined);
  });
});

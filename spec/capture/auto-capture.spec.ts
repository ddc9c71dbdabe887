import { expect } from 'chai';
import axios from 'axios';
import type { TelemetryHandle } from '../../lib/index.js';
import { startApiServer, startTlsApiServer, selfSignedCert, type ApiServer } from '../support/api-server.js';
import { fetchRequest, inParallel, keepAliveAgent, nodeRequest } from '../support/clients.js';
import { samplesOf, sampleValue } from '../support/exposition.js';
import { UNKNOWN_ROUTE_CAP } from '../../lib/labels/endpoint-label.js';
import { watchForCrashes } from '../support/no-crash.js';
import { scrape, startTestTelemetry } from '../support/telemetry.js';

const DEPOSIT = '/marketplace-api/v1/deposit-status/{DepositID}';
const requests = (endpoint: string, method: string, status: string) => ({ endpoint, method, status });

describe('HTTP auto-capture of DMarket API calls', function () {
  this.timeout(60_000);
  let api: ApiServer;
  let handle: TelemetryHandle;
  let crashes: ReturnType<typeof watchForCrashes>;

  beforeEach(async () => {
    crashes = watchForCrashes();
    api = await startApiServer();
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [api.url] });
  });

  afterEach(async () => {
    await handle.shutdown();
    await api.close();
    crashes.stop();
    crashes.check();
  });

  it('captures fetch (undici) requests with templated endpoint, method and status', async () => {
    for (const id of ['a1', 'b2', 'c3']) await fetchRequest(`${api.url}/marketplace-api/v1/deposit-status/${id}?title=AK-47`);
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests(DEPOSIT, 'GET', '200'))).to.equal(3);
    expect(sampleValue(p, 'dmarket_bot_api_request_duration_seconds_count', { endpoint: DEPOSIT, method: 'GET' })).to.equal(3);
  });

  it('captures http.request calls', async () => {
    await nodeRequest(`${api.url}/marketplace-api/v1/user-targets/create`, { method: 'POST' });
    await nodeRequest(`${api.url}/marketplace-api/v1/deposit-status/77`, { headers: { 'x-test-status': '404' } });
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/marketplace-api/v1/user-targets/create', 'POST', '200'))).to.equal(
      1,
    );
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests(DEPOSIT, 'GET', '404'))).to.equal(1);
    expect(
      sampleValue(p, 'dmarket_bot_api_request_duration_seconds_count', {
        endpoint: '/marketplace-api/v1/user-targets/create',
        method: 'POST',
      }),
    ).to.equal(1);
  });

  it('captures https.request calls to a TLS server', async () => {
    const tls = selfSignedCert();
    const secure = await startTlsApiServer(tls);
    await handle.shutdown();
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [secure.url] });
    try {
      for (let i = 0; i < 2; i++) expect((await nodeRequest(`${secure.url}/account/v1/balance`, { ca: tls.cert })).status).to.equal(200);
      const p = await scrape(handle);
      expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/account/v1/balance', 'GET', '200'))).to.equal(2);
    } finally {
      await secure.close();
    }
  });

  it('captures an axios client (http adapter, follow-redirects)', async () => {
    const client = axios.create({ baseURL: api.url, headers: { 'X-Api-Key': 'k' } });
    await client.get('/exchange/v1/market/items', { params: { gameId: 'a8db', limit: 100 } });
    await client.post('/exchange/v1/offers/details', { offers: [] });
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/exchange/v1/market/items', 'GET', '200'))).to.equal(1);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/exchange/v1/offers/details', 'POST', '200'))).to.equal(1);
  });

  it('attributes 50 concurrent keep-alive requests each to its own template and status', async () => {
    const agent = keepAliveAgent();
    const plan = Array.from({ length: 50 }, (_, i) => ({
      path: [`/marketplace-api/v1/targets-by-title/a8db/Item%20${i}`, '/account/v1/balance', `/marketplace-api/v1/deposit-status/d${i}`][
        i % 3
      ] as string,
      status: [200, 404, 503, 429, 201][i % 5] as number,
      viaFetch: i % 2 === 0,
    }));
    await Promise.all(
      plan.map(({ path, status, viaFetch }) => {
        const headers = { 'x-test-status': String(status), 'x-test-delay-ms': String((status * 7) % 40) };
        return viaFetch ? fetchRequest(api.url + path, { headers }) : nodeRequest(api.url + path, { headers, agent });
      }),
    );
    agent.destroy();
    const expected = new Map<string, number>();
    for (const { path, status } of plan) {
      const endpoint = path.includes('targets-by-title')
        ? '/marketplace-api/v1/targets-by-title/{game_id}/{title}'
        : path.startsWith('/account')
          ? '/account/v1/balance'
          : DEPOSIT;
      const key = `${endpoint} ${status}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const p = await scrape(handle);
    const got = new Map(
      samplesOf(p, 'dmarket_bot_api_requests_total').map((s) => [`${s.labels['endpoint']} ${s.labels['status']}`, s.value]),
    );
    expect(got).to.deep.equal(expected);
  });

  it('measures from request start to response headers, not to the end of the body', async () => {
    // Both calls at once: each is measured on its own, and the test waits for one body delay, not two.
    const headers = { 'x-test-delay-ms': '200', 'x-test-body-delay-ms': '1000' };
    await Promise.all([
      fetchRequest(`${api.url}/trade-aggregator/v1/last-sales`, { headers }),
      nodeRequest(`${api.url}/trade-aggregator/v1/last-sales`, { headers }),
    ]);
    const p = await scrape(handle);
    const labels = { endpoint: '/trade-aggregator/v1/last-sales', method: 'GET' };
    // Each call took > 1.2 s to finish (past the le="1" bucket), but its headers came after ~0.2 s.
    expect(sampleValue(p, 'dmarket_bot_api_request_duration_seconds_bucket', { ...labels, le: '1' })).to.equal(2);
    expect(sampleValue(p, 'dmarket_bot_api_request_duration_seconds_sum', labels)).to.be.at.least(0.4);
  });

  it('reads rate-limit headers into gauges, and a bare 429 means nothing remains', async () => {
    await fetchRequest(`${api.url}/exchange/v1/market/items`, {
      headers: { 'x-test-rl-remaining': '12', 'x-test-rl-limit': '30', 'x-test-rl-scope': 'Market' },
    });
    await nodeRequest(`${api.url}/account/v1/balance`, { headers: { 'x-test-status': '429', 'x-test-retry-after': '2' } });
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_api_rate_limit_remaining', { scope: 'market' })).to.equal(12);
    expect(sampleValue(p, 'dmarket_bot_api_rate_limit_limit', { scope: 'market' })).to.equal(30);
    expect(sampleValue(p, 'dmarket_bot_api_rate_limit_remaining', { scope: 'account' })).to.equal(0);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/account/v1/balance', 'GET', '429'))).to.equal(1);
  });

  it('labels failures without a response: connection refused, timeout, abort; nothing extra is thrown', async () => {
    const dead = await startApiServer();
    const deadUrl = dead.url;
    await dead.close();
    await handle.shutdown();
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [api.url, deadUrl] });

    const refusedFetch = await fetchRequest(`${deadUrl}/account/v1/user`);
    const refusedHttp = await nodeRequest(`${deadUrl}/account/v1/user`);
    expect(refusedFetch.error?.message).to.equal('fetch failed');
    expect((refusedHttp.error as NodeJS.ErrnoException | undefined)?.code).to.equal('ECONNREFUSED');

    const slow = { 'x-test-delay-ms': '2000' };
    const timedOutFetch = await fetchRequest(`${api.url}/exchange/v1/customized-fees`, { headers: slow, signal: AbortSignal.timeout(50) });
    const timedOutHttp = await nodeRequest(`${api.url}/exchange/v1/customized-fees`, { headers: slow, timeoutMs: 50 });
    expect(timedOutFetch.error?.name).to.equal('TimeoutError');
    expect(timedOutHttp.error).to.be.instanceOf(Error);

    const controller = new AbortController();
    const abortedFetch = fetchRequest(`${api.url}/marketplace-api/v1/market-depth`, { headers: slow, signal: controller.signal });
    const controller2 = new AbortController();
    const abortedHttp = nodeRequest(`${api.url}/marketplace-api/v1/market-depth`, { headers: slow, signal: controller2.signal });
    setTimeout(() => (controller.abort(), controller2.abort()), 50);
    expect((await abortedFetch).error?.name).to.equal('AbortError');
    expect((await abortedHttp).error?.name).to.equal('AbortError');

    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/account/v1/user', 'GET', 'connection_refused'))).to.equal(2);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/exchange/v1/customized-fees', 'GET', 'timeout'))).to.equal(2);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/marketplace-api/v1/market-depth', 'GET', 'aborted'))).to.equal(2);
  });

  it('templates 10,000 distinct unknown paths: ids become {id}, distinct templates stop at the cap, overflow is counted @slow', async () => {
    const agent = keepAliveAgent();
    // Letters-only words look like route words: each is its own template until the cap.
    const word = (i: number): string => 'w' + [...i.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('');
    const paths = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 ? `/random/${word(i)}?q=${i}` : `/random/v1/${crypto.randomUUID()}?q=${i}`,
    );
    await inParallel(paths, 20, (path) =>
      paths.indexOf(path) % 4 < 2 ? fetchRequest(api.url + path) : nodeRequest(api.url + path, { agent }),
    );
    agent.destroy();
    const p = await scrape(handle);
    const series = samplesOf(p, 'dmarket_bot_api_requests_total');
    const byEndpoint = new Map(series.map((s) => [s.labels['endpoint'], s.value]));
    expect(byEndpoint.get('/random/v1/{id}')).to.equal(5000);
    expect(series).to.have.length(UNKNOWN_ROUTE_CAP + 1);
    const words = series.filter((s) => /^\/random\/w[a-z]+$/.test(s.labels['endpoint'] ?? ''));
    expect(words).to.have.length(UNKNOWN_ROUTE_CAP - 1);
    const folded = byEndpoint.get('other') ?? 0;
    expect(folded).to.equal(5000 - words.length);
    expect(sampleValue(p, 'dmarket_bot_telemetry_series_overflow_total', { metric: 'dmarket_bot_api_requests_total' })).to.equal(folded);
    expect(p.samples.map((s) => s.labels['endpoint'] ?? '').join(' ')).to.not.match(/[0-9a-f]{8}-|q=/);
  });

  it('ignores requests to other hosts and the exporter’s own scrapes', async () => {
    const telegram = await startApiServer();
    try {
      await fetchRequest(`${telegram.url}/bot123:secret/sendMessage`);
      await nodeRequest(`${telegram.url}/bot123:secret/getUpdates`);
      for (let i = 0; i < 3; i++) await scrape(handle);
      await nodeRequest(`http://127.0.0.1:${handle.endpoint?.port}/health`);
      const p = await scrape(handle);
      expect(samplesOf(p, 'dmarket_bot_api_requests_total')).to.be.empty;
      expect(samplesOf(p, 'dmarket_bot_api_request_duration_seconds_count')).to.be.empty;
    } finally {
      await telegram.close();
    }
  });

  it('lets auto-capture win over manual recordApiRequest for DMarket routes, not for others', async () => {
    await fetchRequest(`${api.url}/account/v1/user`);
    handle.metrics.recordApiRequest({ endpoint: '/account/v1/user', method: 'GET', status: 200, duration: 0.1 });
    handle.metrics.recordApiRequest({ endpoint: 'wss://ws.dmarket.com/feed', method: 'GET', status: 101, duration: 0.2 });
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/account/v1/user', 'GET', '200'))).to.equal(1);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/feed', 'GET', '101'))).to.equal(1);
  });

  it('stops capturing after shutdown and resumes with the next start', async () => {
    await handle.shutdown();
    await fetchRequest(`${api.url}/account/v1/user`);
    await nodeRequest(`${api.url}/account/v1/user`);
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [api.url] });
    await nodeRequest(`${api.url}/account/v1/user`);
    await fetchRequest(`${api.url}/account/v1/user`);
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_api_requests_total', requests('/account/v1/user', 'GET', '200'))).to.equal(2);
  });
});

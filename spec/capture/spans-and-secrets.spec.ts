import { expect } from 'chai';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TelemetryHandle } from '../../lib/index.js';
import { startApiServer, type ApiServer } from '../support/api-server.js';
import { fetchRequest, nodeRequest } from '../support/clients.js';
import { scrapeText, startTestTelemetry } from '../support/telemetry.js';

const SECRETS = {
  'X-Api-Key': 'pub-key-5f1e2d3c4b5a',
  'X-Request-Sign': 'dmar ed25519 9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  'X-Sign-Date': '1767225600',
};
const QUERY_VALUE = 'Karambit-Doppler-secret-cursor';
const NEEDLES = [SECRETS['X-Api-Key'], '9f8e7d6c5b4a', SECRETS['X-Sign-Date'], QUERY_VALUE];

describe('client spans and secrets', function () {
  this.timeout(30_000);
  let api: ApiServer;
  let handle: TelemetryHandle;
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  before(async () => {
    trace.setGlobalTracerProvider(tracerProvider);
    api = await startApiServer();
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [api.url] });
    await fetchRequest(`${api.url}/exchange/v1/offers/abc123?cursor=${QUERY_VALUE}`, { headers: SECRETS });
    await nodeRequest(`${api.url}/marketplace-api/v1/targets-by-title/a8db/AK-47?cursor=${QUERY_VALUE}`, { headers: SECRETS });
  });

  after(async () => {
    await handle.shutdown();
    await api.close();
    await tracerProvider.shutdown();
    trace.disable();
  });

  it('the requests really carried the secrets and the query value', () => {
    expect(api.seen.join('\n')).to.contain(QUERY_VALUE);
  });

  it('produces one client span per DMarket request, named and tagged with the route template', () => {
    const spans = exporter.getFinishedSpans();
    const byTemplate = new Map(spans.map((s) => [s.attributes['url.template'], s]));
    expect(byTemplate.get('/exchange/v1/offers/{id}')?.name).to.equal('GET /exchange/v1/offers/{id}');
    expect(byTemplate.get('/marketplace-api/v1/targets-by-title/{game_id}/{title}')?.name).to.equal(
      'GET /marketplace-api/v1/targets-by-title/{game_id}/{title}',
    );
    expect(spans).to.have.length(2);
  });

  it('exports no API key, signature, sign date or query value in span names or attributes', () => {
    const exported = JSON.stringify(exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    for (const needle of NEEDLES) expect(exported, needle).to.not.contain(needle);
  });

  it('exposes none of them in /metrics either', async () => {
    const text = await scrapeText(handle);
    expect(text).to.contain('dmarket_bot_api_requests_total');
    for (const needle of NEEDLES) expect(text, needle).to.not.contain(needle);
  });
});

describe('client spans without a tracer provider', () => {
  it('exports nothing and still records metrics', async () => {
    const api = await startApiServer();
    const handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [api.url] });
    try {
      await fetchRequest(`${api.url}/account/v1/user`);
      expect(trace.getTracerProvider().getTracer('x').startSpan('probe').isRecording()).to.equal(false);
      expect(await scrapeText(handle)).to.contain(
        'dmarket_bot_api_requests_total{endpoint="/account/v1/user",method="GET",status="200"} 1',
      );
    } finally {
      await handle.shutdown();
      await api.close();
    }
  });
});

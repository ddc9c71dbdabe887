import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { metrics } from '@opentelemetry/api';
import { CATALOG, type TelemetryHandle } from '../../lib/index.js';
import { samplesOf, sampleValue } from '../support/exposition.js';
import { recordKnownFixture } from '../support/fixture.js';
import { promtoolCheckMetrics } from '../support/promtool.js';
import { scrape, scrapeText, startTestTelemetry, withoutTargetInfo } from '../support/telemetry.js';

const GOLDEN = new URL('../golden/exposition.prom', import.meta.url);

describe('exposition of the metric catalog', () => {
  let handle: TelemetryHandle;

  beforeEach(async () => {
    // Runtime metrics change between scrapes; the golden pins the catalog.
    handle = await startTestTelemetry({ seriesLimit: 4, runtimeMetrics: false });
    recordKnownFixture(handle.metrics);
  });

  afterEach(() => handle.shutdown());

  it('matches the pinned exposition byte for byte (names, labels, buckets, values)', async () => {
    const text = withoutTargetInfo(await scrapeText(handle));
    expect(text.trim()).to.equal(readFileSync(GOLDEN, 'utf8').trim());
  });

  it('exposes every catalog metric with its exact name, TYPE, HELP and label names', async () => {
    const parsed = await scrape(handle);
    for (const spec of CATALOG) {
      expect(parsed.types.get(spec.name), spec.name).to.equal(spec.kind);
      expect(parsed.helps.get(spec.name), spec.name).to.equal(spec.help);
      const series = spec.kind === 'histogram' ? samplesOf(parsed, `${spec.name}_count`) : samplesOf(parsed, spec.name);
      expect(series, spec.name).to.not.be.empty;
      for (const sample of series) expect(Object.keys(sample.labels), spec.name).to.deep.equal([...spec.labels]);
    }
  });

  it('uses the catalog bucket boundaries (seconds) for every histogram', async () => {
    const parsed = await scrape(handle);
    for (const spec of CATALOG.filter((s) => s.kind === 'histogram')) {
      const first = samplesOf(parsed, `${spec.name}_count`)[0];
      const les = samplesOf(parsed, `${spec.name}_bucket`)
        .filter((s) => Object.entries(first?.labels ?? {}).every(([k, v]) => s.labels[k] === v))
        .map((s) => s.labels['le']);
      expect(les, spec.name).to.deep.equal([...(spec.buckets ?? []).map(String), '+Inf']);
    }
  });

  it('records exact counter, gauge and histogram values', async () => {
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' })).to.equal(2);
    expect(sampleValue(p, 'dmarket_bot_trade_volume_usd_total', { type: 'sell', game: 'rust' })).to.equal(13.75);
    expect(sampleValue(p, 'dmarket_bot_balance_usd')).to.equal(1234.56);
    const api = { endpoint: '/exchange/v1/market/items', method: 'GET' };
    expect(sampleValue(p, 'dmarket_bot_api_request_duration_seconds_count', api)).to.equal(2);
    expect(sampleValue(p, 'dmarket_bot_api_request_duration_seconds_sum', api)).to.be.closeTo(0.37, 1e-9);
    expect(sampleValue(p, 'dmarket_bot_api_request_duration_seconds_bucket', { ...api, le: '0.1' })).to.equal(1);
    expect(sampleValue(p, 'dmarket_bot_api_request_duration_seconds_bucket', { ...api, le: '0.5' })).to.equal(2);
  });

  it('keeps values cumulative across scrapes and gauges at their last value', async () => {
    await scrape(handle);
    handle.metrics.recordCommand('/start');
    handle.metrics.updateActiveUsers(7);
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' })).to.equal(3);
    expect(sampleValue(p, 'dmarket_bot_active_users', { window: '1h' })).to.equal(7);
    expect(sampleValue(p, 'dmarket_bot_cache_size', { cache_type: 'price' })).to.equal(42);
  });

  it('carries service.name, service.version and service.instance.id in target_info', async () => {
    const p = await scrape(handle);
    const info = samplesOf(p, 'target_info')[0];
    expect(info?.labels).to.include({ service_name: 'dmarket-bot', service_version: '9.9.9', service_instance_id: 'test-instance' });
  });

  it('passes promtool check metrics on a real scrape', async () => {
    const result = await promtoolCheckMetrics(await scrapeText(handle));
    expect(result.stdout + result.stderr).to.equal('');
    expect(result.code).to.equal(0);
  });

  it('never lets a stray attribute become a label (views allow-list the catalog labels)', async () => {
    // Bypass the collector: record straight through the global OTel API, as other code might.
    const counter = metrics.getMeter('stray').createCounter('dmarket_bot_commands_total');
    counter.add(1, { command: '/start', status: 'ok', user_id: '123456', chat_id: '42' });
    const text = await scrapeText(handle);
    expect(text).to.not.match(/user_id|chat_id|123456/);
  });
});

describe('bucket overrides', () => {
  it('replaces the catalog boundaries through startTelemetry options', async () => {
    const handle = await startTestTelemetry({ buckets: { dmarket_bot_api_request_duration_seconds: [0.2, 2] } });
    try {
      handle.metrics.recordApiRequest({ endpoint: '/exchange/v1/ping', method: 'GET', status: 200, duration: 1 });
      const p = await scrape(handle);
      const les = samplesOf(p, 'dmarket_bot_api_request_duration_seconds_bucket').map((s) => s.labels['le']);
      expect(les).to.deep.equal(['0.2', '2', '+Inf']);
    } finally {
      await handle.shutdown();
    }
  });

  it('rejects unsorted or non-finite boundaries with a message naming the metric', async () => {
    let error: unknown;
    await startTestTelemetry({ buckets: { dmarket_bot_arbitrage_scan_duration_seconds: [5, 1] } }).catch((e: unknown) => (error = e));
    expect(String(error)).to.contain('dmarket_bot_arbitrage_scan_duration_seconds');
  });
});

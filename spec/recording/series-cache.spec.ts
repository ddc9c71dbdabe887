import { expect } from 'chai';
import { SeriesCache } from '../../lib/recording/series-cache.js';
import type { TelemetryHandle } from '../../lib/index.js';
import { samplesOf, sampleValue } from '../support/exposition.js';
import { scrape, startTestTelemetry } from '../support/telemetry.js';

describe('SeriesCache (resolved labels per raw tuple)', () => {
  it('keys on each raw value separately, with no key collisions between tuples', () => {
    const cache = new SeriesCache<string>();
    cache.set('a\u0001b', 'c', undefined, 'first');
    cache.set('a', 'b\u0001c', undefined, 'second');
    cache.set(200, 'x', undefined, 'number');
    expect(cache.get('a\u0001b', 'c')).to.equal('first');
    expect(cache.get('a', 'b\u0001c')).to.equal('second');
    expect(cache.get('200', 'x')).to.equal(undefined);
    expect(cache.get(200, 'x')).to.equal('number');
  });

  it('stays bounded: a flood of unique tuples clears it instead of growing it', () => {
    const cache = new SeriesCache<number>(100);
    for (let i = 0; i < 10_000; i++) cache.set(`/path/${i}`, 'GET', 200, i);
    expect(cache.size).to.be.at.most(100);
    expect(cache.get('/path/9999', 'GET', 200)).to.equal(9999);
  });

  it('never keeps objects or long free text as keys', () => {
    const cache = new SeriesCache<string>();
    const key = { toString: () => '/x' };
    cache.set(key, 'GET', 200, 'object');
    cache.set('x'.repeat(10_000), 'GET', 200, 'long');
    expect(cache.size).to.equal(0);
  });
});

describe('cached label resolution gives the same series as resolving every call', function () {
  this.timeout(30_000);
  let handle: TelemetryHandle;
  before(async () => {
    handle = await startTestTelemetry({ labelCaps: { command: 3, endpoint: 2 }, runtimeMetrics: false });
  });
  after(() => handle.shutdown());

  it('values admitted before a cap stay, later ones fold into other, on every repetition', async () => {
    const m = handle.metrics;
    for (let round = 0; round < 3; round++) {
      for (const command of ['/a', '/b', '/c', '/d', '/e']) m.recordCommand(command, { duration: 0.1 });
      for (const endpoint of ['/p/alpha', '/p/beta', '/p/gamma'])
        m.recordApiRequest({ endpoint, method: 'get', status: 200, duration: 0.2 });
      m.recordApiRequest({ endpoint: '/p/alpha', method: '', status: 200, duration: 0.2 }); // unusable: dropped, also when cached
    }
    const parsed = await scrape(handle);
    const commands = Object.fromEntries(samplesOf(parsed, 'dmarket_bot_commands_total').map((s) => [s.labels['command'], s.value]));
    expect(commands).to.deep.equal({ '/a': 3, '/b': 3, '/c': 3, other: 6 });
    expect(sampleValue(parsed, 'dmarket_bot_command_duration_seconds_count', { command: 'other' })).to.equal(6);
    const endpoints = Object.fromEntries(samplesOf(parsed, 'dmarket_bot_api_requests_total').map((s) => [s.labels['endpoint'], s.value]));
    expect(endpoints).to.deep.equal({ '/p/alpha': 3, '/p/beta': 3, other: 3 });
    expect(sampleValue(parsed, 'dmarket_bot_telemetry_dropped_total', { reason: 'invalid_label' })).to.equal(3);
  });

  it('a tuple that overflowed the series bound is counted on every recording, not once', async () => {
    const small = await startTestTelemetry({ seriesLimit: 3, runtimeMetrics: false, registerGlobal: false });
    try {
      for (let round = 0; round < 4; round++) {
        for (const command of ['/a', '/b', '/c', '/d']) small.metrics.recordCommand(command, { duration: 0.1 });
        for (const endpoint of ['/x/alpha', '/x/beta', '/x/gamma'])
          small.metrics.recordApiRequest({ endpoint, method: 'GET', status: 200, duration: 0.1 });
      }
      const parsed = await scrape(small);
      // Two slots plus the overflow series: /c and /d fold, 4 rounds each.
      expect(sampleValue(parsed, 'dmarket_bot_telemetry_series_overflow_total', { metric: 'dmarket_bot_commands_total' })).to.equal(8);
      expect(
        sampleValue(parsed, 'dmarket_bot_telemetry_series_overflow_total', { metric: 'dmarket_bot_command_duration_seconds' }),
      ).to.equal(8);
      expect(sampleValue(parsed, 'dmarket_bot_telemetry_series_overflow_total', { metric: 'dmarket_bot_api_requests_total' })).to.equal(4);
      expect(sampleValue(parsed, 'dmarket_bot_commands_total', { command: 'other', status: 'other' })).to.equal(8);
    } finally {
      await small.shutdown();
    }
  });

  it('a flood of unique raw values (ids in paths, commands past the cap) is resolved, not cached', async () => {
    const flood = await startTestTelemetry({ runtimeMetrics: false, registerGlobal: false });
    try {
      for (let i = 0; i < 5000; i++) {
        flood.metrics.recordApiRequest({ endpoint: `/exchange/v1/offers/${i}`, method: 'GET', status: 200, duration: 0.1 });
        flood.metrics.recordCommand(`/cmd${i}`);
      }
      // Only the 100 commands admitted under the command cap repeat as themselves.
      expect(flood.metrics.cachedSeriesTuples).to.equal(100);
      const parsed = await scrape(flood);
      expect(sampleValue(parsed, 'dmarket_bot_commands_total', { command: 'other', status: 'ok' })).to.equal(4900);
      expect(samplesOf(parsed, 'dmarket_bot_api_requests_total').map((s) => s.labels['endpoint'])).to.deep.equal([
        '/exchange/v1/offers/{id}',
      ]);
    } finally {
      await flood.shutdown();
    }
  });
});

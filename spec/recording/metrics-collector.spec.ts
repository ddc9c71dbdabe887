import { expect } from 'chai';
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { MetricsCollector, type TelemetryHandle } from '../../lib/index.js';
import { staticTarget } from '../../lib/recording/metrics-collector.js';
import { samplesOf, sampleValue } from '../support/exposition.js';
import { scrape, scrapeText, startTestTelemetry } from '../support/telemetry.js';

const BAD_NUMBERS: ReadonlyArray<[unknown, string]> = [
  [Number.NaN, 'nan'],
  [Infinity, 'infinite'],
  [-Infinity, 'infinite'],
  [-1, 'negative'],
  ['12', 'not_a_number'],
  [undefined, 'not_a_number'],
  [{}, 'not_a_number'],
  [null, 'not_a_number'],
];

/** Every numeric entry point, fed one bad value. Casts stand in for untyped JS callers. */
function callsWith(m: MetricsCollector, bad: unknown): Array<() => void> {
  const n = bad as number;
  return [
    () => m.recordApiRequest({ endpoint: '/exchange/v1/ping', method: 'GET', status: 200, duration: n }),
    () => m.recordArbitrageScan({ level: 'boost', game: 'csgo', duration: n, found: 1 }),
    // `found` is optional: undefined and null mean "none found", not a bad value.
    ...(bad == null ? [] : [() => m.recordArbitrageScan({ level: 'boost', game: 'csgo', duration: 1, found: n })]),
    () => m.recordTrade({ type: 'buy', game: 'csgo', amountUsd: n }),
    () => m.updateActiveUsers(n),
    () => m.updateActiveTargets(n, { game: 'csgo' }),
    () => m.updateCacheSize(n, { cacheType: 'price' }),
  ];
}

describe('MetricsCollector', () => {
  let handle: TelemetryHandle;
  beforeEach(async () => (handle = await startTestTelemetry()));
  afterEach(() => handle.shutdown());

  it('never throws on bad numbers and counts each dropped call under its reason', async () => {
    const expected = new Map<string, number>();
    for (const [bad, reason] of BAD_NUMBERS) {
      for (const call of callsWith(handle.metrics, bad)) {
        expect(call).to.not.throw();
        expected.set(reason, (expected.get(reason) ?? 0) + 1);
      }
    }
    // Balance may be negative (an overdraft is real data), so only the other reasons drop it.
    for (const [bad, reason] of BAD_NUMBERS.filter(([, r]) => r !== 'negative')) {
      handle.metrics.updateBalance(bad as number);
      expected.set(reason, (expected.get(reason) ?? 0) + 1);
    }
    const p = await scrape(handle);
    for (const [reason, count] of expected) {
      expect(sampleValue(p, 'dmarket_bot_telemetry_dropped_total', { reason }), reason).to.equal(count);
    }
    // Nothing bad reached a real series.
    expect(samplesOf(p, 'dmarket_bot_api_requests_total')).to.be.empty;
    expect(samplesOf(p, 'dmarket_bot_active_users')).to.be.empty;
  });

  it('drops calls with unusable labels or arguments instead of throwing', async () => {
    const m = handle.metrics as unknown as Record<string, (...args: unknown[]) => void>;
    const calls: Array<() => void> = [
      () => m['recordCommand']?.({ not: 'a string' }),
      () => m['recordCommand']?.('/start', null),
      () => m['recordApiRequest']?.(undefined),
      () => m['recordError']?.(undefined, 'x'),
      () => m['recordTargetCreated']?.(),
      () => m['updateCacheSize']?.(1, { cacheType: Symbol('x') }),
    ];
    for (const call of calls) expect(call).to.not.throw();
    const p = await scrape(handle);
    const dropped = samplesOf(p, 'dmarket_bot_telemetry_dropped_total').reduce((sum, s) => sum + s.value, 0);
    expect(dropped).to.equal(calls.length);
  });

  it('warns through OTel diag once per drop reason, not once per call', () => {
    const warnings: string[] = [];
    const logger: DiagLogger = {
      error: () => {},
      warn: (m: string) => warnings.push(m),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    };
    diag.setLogger(logger, DiagLogLevel.WARN);
    try {
      for (let i = 0; i < 100; i++) handle.metrics.updateActiveUsers(Number.NaN);
      for (let i = 0; i < 100; i++) handle.metrics.updateActiveUsers(-5);
    } finally {
      diag.disable();
    }
    expect(warnings.filter((w) => w.includes('(nan)'))).to.have.length(1);
    expect(warnings.filter((w) => w.includes('(negative)'))).to.have.length(1);
  });

  it('maps unknown games and over-cap commands to other in the scrape', async () => {
    handle.metrics.recordTargetCreated({ game: 'minecraft' });
    for (let i = 0; i < 500; i++) handle.metrics.recordCommand(`/typo${i}`);
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_targets_created_total', { game: 'other' })).to.equal(1);
    const commands = samplesOf(p, 'dmarket_bot_commands_total');
    expect(commands.length).to.be.at.most(101);
    expect(sampleValue(p, 'dmarket_bot_commands_total', { command: 'other', status: 'ok' })).to.equal(400);
  });

  it('never exports a user id', async () => {
    handle.metrics.recordCommand('/start', { userId: 987654321 });
    expect(await scrapeText(handle)).to.not.contain('987654321');
  });

  it('measureTime records the duration and passes results and errors through unchanged', async () => {
    const labels = { level: 'pro', game: 'rust' };
    const value = await handle.metrics.measureTime('dmarket_bot_arbitrage_scan_duration_seconds', labels, async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 42;
    });
    expect(value).to.equal(42);
    const boom = new Error('scan failed');
    let caught: unknown;
    await handle.metrics
      .measureTime('dmarket_bot_arbitrage_scan_duration_seconds', labels, () => {
        throw boom;
      })
      .catch((e: unknown) => (caught = e));
    expect(caught).to.equal(boom);
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_arbitrage_scan_duration_seconds_count', labels)).to.equal(2);
    expect(sampleValue(p, 'dmarket_bot_arbitrage_scan_duration_seconds_sum', labels)).to.be.greaterThan(0.015);
  });

  it('routes the static seed-style calls to the running telemetry', async () => {
    MetricsCollector.recordCommand('/start', { userId: 1 });
    MetricsCollector.recordArbitrageScan({ level: 'standard', game: 'csgo', duration: 2.5, found: 15 });
    MetricsCollector.updateActiveUsers(1250);
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' })).to.equal(1);
    expect(sampleValue(p, 'dmarket_bot_arbitrage_opportunities_found_total', { level: 'standard', game: 'csgo' })).to.equal(15);
    expect(sampleValue(p, 'dmarket_bot_active_users', { window: '1h' })).to.equal(1250);
  });
});

describe('MetricsCollector static calls without telemetry', () => {
  it('are harmless no-ops before startTelemetry and after shutdown', async () => {
    expect(() => MetricsCollector.recordCommand('/start')).to.not.throw();
    expect(
      await MetricsCollector.measureTime('dmarket_bot_api_request_duration_seconds', { endpoint: '/x', method: 'GET' }, () => 7),
    ).to.equal(7);
    const handle = await startTestTelemetry();
    await handle.shutdown();
    expect(staticTarget()).to.equal(undefined);
    expect(() => MetricsCollector.updateBalance(5)).to.not.throw();
  });
});

describe('MetricsCollector edge cases found from outside', () => {
  let handle: TelemetryHandle;
  beforeEach(async () => (handle = await startTestTelemetry({ runtimeMetrics: false })));
  afterEach(() => handle.shutdown());

  it('measureTime with a label missing records nothing (counted), never game=""', async () => {
    const labels = { level: 'pro' } as unknown as { level: string; game: string };
    expect(await handle.metrics.measureTime('dmarket_bot_arbitrage_scan_duration_seconds', labels, () => 3)).to.equal(3);
    const text = await scrapeText(handle);
    expect(text).to.not.contain('game=""');
    const p = await scrape(handle);
    expect(samplesOf(p, 'dmarket_bot_arbitrage_scan_duration_seconds_count')).to.deep.equal([]);
    expect(sampleValue(p, 'dmarket_bot_telemetry_dropped_total', { reason: 'invalid_label' })).to.equal(1);
  });

  it('measureTime with a name that is not a catalog histogram is counted, not silently lost', async () => {
    const name = 'dmarket_bot_commands_total' as unknown as 'dmarket_bot_arbitrage_scan_duration_seconds';
    expect(await handle.metrics.measureTime(name, { level: 'pro', game: 'csgo' }, () => 'r')).to.equal('r');
    expect(sampleValue(await scrape(handle), 'dmarket_bot_telemetry_dropped_total', { reason: 'unknown_metric' })).to.equal(1);
  });

  it('measureTime runs fn synchronously whether telemetry is started or not', async () => {
    const order: string[] = [];
    const timed = MetricsCollector.measureTime(
      'dmarket_bot_arbitrage_scan_duration_seconds',
      { level: 'pro', game: 'csgo' },
      () => void order.push('fn started'),
    );
    order.push('after call');
    await timed;
    await handle.shutdown();
    const untimed = MetricsCollector.measureTime(
      'dmarket_bot_arbitrage_scan_duration_seconds',
      { level: 'pro', game: 'csgo' },
      () => void order.push('fn started'),
    );
    order.push('after call');
    await untimed;
    expect(order).to.deep.equal(['fn started', 'after call', 'fn started', 'after call']);
  });

  it('two recordTrade(1e308) cannot turn the volume counter into +Inf for ever', async () => {
    handle.metrics.recordTrade({ type: 'buy', game: 'csgo', amountUsd: 12.5 });
    handle.metrics.recordTrade({ type: 'buy', game: 'csgo', amountUsd: 1e308 });
    handle.metrics.recordTrade({ type: 'buy', game: 'csgo', amountUsd: 1e308 });
    handle.metrics.recordArbitrageScan({ level: 'pro', game: 'csgo', duration: 1, found: 1e308 });
    const p = await scrape(handle);
    expect(sampleValue(p, 'dmarket_bot_trade_volume_usd_total', { type: 'buy', game: 'csgo' })).to.equal(12.5);
    expect(sampleValue(p, 'dmarket_bot_trades_total', { type: 'buy', game: 'csgo' })).to.equal(1);
    expect(sampleValue(p, 'dmarket_bot_telemetry_dropped_total', { reason: 'too_large' })).to.equal(3);
    expect(await scrapeText(handle))
      .to.not.contain('+Inf}')
      .and.not.match(/ \+Inf\n/);
  });
});

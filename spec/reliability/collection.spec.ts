import { diag, DiagLogLevel, metrics } from '@opentelemetry/api';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TelemetryHandle } from '../../lib/index.js';
import { COLLECT_TIMEOUT_MS, MAX_COLLECTIONS_PER_SECOND } from '../../lib/sdk/shared-collection.js';
import { parseExposition, sampleValue, samplesOf } from '../support/exposition.js';
import { figure } from '../support/figures.js';
import { watchForCrashes } from '../support/no-crash.js';
import { promtoolCheckMetrics } from '../support/promtool.js';
import { scrapeText, startTestTelemetry, urlOf } from '../support/telemetry.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MB = 1024 * 1024;

/** Runs the two-backend fixture in its own process (heap after GC, nothing else in it). */
async function twoBackends(mode: 'idle' | 'flood', seconds: number): Promise<{ before: number; after: number; scrapes: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'spec/fixtures/reliability/two-backends.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, MODE: mode, SECONDS: String(seconds) },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { before: number; after: number; scrapes: number };
}

describe('one collection for every backend (prometheus,otlp)', function () {
  this.timeout(60_000);

  // Before the shared collection (the SDK with one reader per backend), the same fixture grew
  // +8.6 MB in 5 s idle and +97 MB in 5 s of flood (docs/reliability.md).
  it('heap stays flat while OTLP pushes every 20 ms and /metrics is never scraped', async () => {
    const { before, after } = await twoBackends('idle', 8);
    figure(
      'two backends, /metrics never scraped',
      'heap after GC before → after 8 s of OTLP pushes every 20 ms',
      `${(before / MB).toFixed(1)} → ${(after / MB).toFixed(1)} MB`,
    );
    expect(after - before, `grew ${((after - before) / MB).toFixed(1)} MB`).to.be.below(5 * MB);
  });

  it('heap stays flat under a scrape flood with a long OTLP interval', async () => {
    const { before, after, scrapes } = await twoBackends('flood', 6);
    figure(
      'two backends, scrape flood',
      `heap after GC before → after 6 s, 20 keep-alive scrapers (${scrapes} scrapes)`,
      `${(before / MB).toFixed(1)} → ${(after / MB).toFixed(1)} MB`,
    );
    expect(scrapes).to.be.above(100);
    expect(after - before, `grew ${((after - before) / MB).toFixed(1)} MB`).to.be.below(16 * MB);
  });

  it('a scrape flood cannot raise the collection rate above the bound, and every scrape is answered', async () => {
    const handle = await startTestTelemetry({ runtimeMetrics: false });
    try {
      let collections = 0;
      handle.meterProvider
        .getMeter('probe')
        .createObservableGauge('probe_collections')
        .addCallback((r) => r.observe(++collections));
      const started = performance.now();
      let answered = 0;
      let failed = 0;
      const until = started + 2000;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (performance.now() < until) {
            const res = await fetch(urlOf(handle, '/metrics'));
            await res.arrayBuffer();
            if (res.status === 200) answered++;
            else failed++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      figure(
        'scrape flood',
        `${answered} scrapes in ${seconds.toFixed(1)} s → SDK collections (bound ${MAX_COLLECTIONS_PER_SECOND}/s + burst)`,
        collections,
      );
      expect(failed).to.equal(0);
      expect(answered).to.be.above(collections);
      // A token bucket: a burst of MAX, then MAX per second.
      expect(collections).to.be.at.most(Math.ceil(MAX_COLLECTIONS_PER_SECOND * (seconds + 1)) + 1);
    } finally {
      await handle.shutdown();
    }
  });
});

describe('isolation from foreign instruments on the global provider', function () {
  this.timeout(30_000);
  let handle: TelemetryHandle;
  let logged: string[];
  beforeEach(async () => {
    handle = await startTestTelemetry({ runtimeMetrics: false });
    handle.metrics.recordCommand('/start');
    logged = [];
    const keep = (message: string): void => void logged.push(message);
    diag.setLogger({ error: keep, warn: keep, info: () => undefined, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.WARN);
  });
  afterEach(async () => {
    diag.disable();
    await handle.shutdown();
  });

  it('a throwing observable callback costs its own series only: 200, the rest served, counted, logged once', async () => {
    const crashes = watchForCrashes();
    const meter = metrics.getMeterProvider().getMeter('another-library');
    meter.createObservableGauge('another_library_broken').addCallback(() => {
      throw new Error('callback exploded');
    });
    meter.createObservableGauge('another_library_fine').addCallback((r) => r.observe(7));
    let text = '';
    for (let i = 0; i < 3; i++) text = await scrapeText(handle);
    crashes.stop();
    crashes.check();
    const p = parseExposition(text);
    expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' })).to.equal(1);
    expect(sampleValue(p, 'another_library_fine')).to.equal(7);
    expect(samplesOf(p, 'another_library_broken')).to.deep.equal([]);
    expect(sampleValue(p, 'dmarket_bot_telemetry_dropped_total', { reason: 'foreign_callback_failed' })).to.be.at.least(2);
    expect(logged.filter((l) => l.includes('observable callback failed'))).to.have.length(1);
  });

  it('an async callback that never settles cannot hang /metrics: answered after the collect timeout', async () => {
    metrics
      .getMeterProvider()
      .getMeter('another-library')
      .createObservableGauge('another_library_hangs')
      .addCallback(() => new Promise<void>(() => undefined));
    const started = performance.now();
    const res = await fetch(urlOf(handle, '/metrics'), { signal: AbortSignal.timeout(COLLECT_TIMEOUT_MS * 5) });
    const seconds = (performance.now() - started) / 1000;
    const p = parseExposition(await res.text());
    figure(
      'hanging foreign callback',
      `/metrics answered after (collect timeout ${COLLECT_TIMEOUT_MS / 1000} s)`,
      `${seconds.toFixed(2)} s, status ${res.status}`,
    );
    expect(res.status).to.equal(200);
    expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' })).to.equal(1);
    expect(samplesOf(p, 'another_library_hangs')).to.deep.equal([]);
  });

  it('a foreign instrument named like a catalog metric is left out, never a second block', async () => {
    const meter = metrics.getMeterProvider().getMeter('another-library');
    meter.createCounter('dmarket_bot_commands_total', { description: 'not ours' }).add(1000, { command: '/start', status: 'ok' });
    meter.createObservableGauge('dmarket_bot_api_request_duration_seconds_count').addCallback((r) => r.observe(1));
    meter.createCounter('another_library_requests_total').add(3);
    handle.metrics.recordApiRequest({ endpoint: '/exchange/v1/market/items', method: 'GET', status: 200, duration: 0.1 });
    const text = await scrapeText(handle);
    expect(text.match(/^# TYPE dmarket_bot_commands_total /gm)).to.have.length(1);
    expect(text).to.not.match(/^# TYPE dmarket_bot_api_request_duration_seconds_count /m);
    expect(text).to.not.contain('not ours');
    const p = parseExposition(text);
    expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' })).to.equal(1);
    expect(sampleValue(p, 'another_library_requests_total')).to.equal(3);
    const check = await promtoolCheckMetrics(text);
    expect(check.code, check.stderr + check.stdout).to.equal(0);
    const again = parseExposition(await scrapeText(handle));
    expect(sampleValue(again, 'dmarket_bot_telemetry_dropped_total', { reason: 'foreign_name_collision' })).to.be.at.least(2);
    figure('foreign name collision', 'TYPE blocks for dmarket_bot_commands_total / promtool check metrics', '1 / passes');
  });
});

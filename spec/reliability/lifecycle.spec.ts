import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { filledSlots } from '../../lib/process-state.js';
import { HealthRegistry } from '../../lib/server/health.js';
import { freePort } from '../../scripts/stack/processes.js';
import { fileURLToPath } from 'node:url';
import { MetricsCollector, startTelemetry, TelemetryListenError, type TelemetryHandle } from '../../lib/index.js';
import { startApiServer, type ApiServer } from '../support/api-server.js';
import { parseExposition, sampleValue } from '../support/exposition.js';
import { figure } from '../support/figures.js';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import { scrapeText, startTestTelemetry, urlOf } from '../support/telemetry.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ChildRun {
  readonly out: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Seconds from the SIGTERM (or from start, without one) to the exit. */
  readonly seconds: number;
  readonly killedByDeadline: boolean;
}

/** Runs a fixture; sends SIGTERM once it printed `ready` (when asked); SIGKILL at the deadline. */
function runFixture(file: string, env: Record<string, string>, sigterm: boolean, deadlineMs: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let from = performance.now();
  let killedByDeadline = false;
  const deadline = setTimeout(() => {
    killedByDeadline = true;
    child.kill('SIGKILL');
  }, deadlineMs);
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (sigterm && out.includes('ready') && !out.includes('\u0000sent')) {
      out += '\u0000sent';
      from = performance.now();
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(deadline);
      resolve({ out, code, signal, seconds: (performance.now() - from) / 1000, killedByDeadline });
    }),
  );
}

describe('handleSignals next to the bot’s own SIGTERM handler', function () {
  this.timeout(60_000);
  for (const [handler, order] of [
    ['once', 'after'],
    ['once', 'before'],
    ['on', 'after'],
  ] as const) {
    it(`process.${handler} registered ${order} startTelemetry: the bot’s graceful stop finishes, the bot decides the exit`, async () => {
      const run = await runFixture('spec/fixtures/reliability/signal-bot.ts', { HANDLER: handler, ORDER: order }, true, 20_000);
      figure(
        'signals',
        `SIGTERM, bot's process.${handler} handler registered ${order} start: exit`,
        `${run.seconds.toFixed(2)} s, code ${run.code}, "bot finished" printed`,
      );
      expect(run.killedByDeadline, run.out).to.equal(false);
      expect(run.out).to.contain('bot stopping').and.contain('bot finished');
      expect(run.signal, run.out).to.equal(null);
      expect(run.code, run.out).to.equal(0);
    });
  }
});

describe('shutdown with a hanging OTLP backend', function () {
  this.timeout(60_000);
  it('after shutdown() resolves nothing keeps the process alive: it exits by itself', async () => {
    const receiver = await startOtlpReceiver();
    receiver.mode = 'hang';
    try {
      const run = await runFixture('spec/fixtures/reliability/hanging-otlp.ts', { RECEIVER: receiver.url }, false, 25_000);
      const resolved = /shutdown resolved after ([\d.]+) s/.exec(run.out)?.[1];
      figure(
        'shutdown, hanging OTLP backend',
        'shutdown() resolved after / process ended by itself after start',
        `${resolved} s / ${run.seconds.toFixed(2)} s`,
      );
      expect(run.killedByDeadline, `still alive at the deadline: ${run.out}`).to.equal(false);
      expect(run.code, run.out).to.equal(0);
      expect(receiver.attempts, 'the final push reached the backend').to.be.at.least(1);
    } finally {
      await receiver.close();
    }
  });
});

describe('lifecycle: one instance per process', function () {
  this.timeout(30_000);
  let first: TelemetryHandle | undefined;
  let api: ApiServer | undefined;
  afterEach(async () => {
    await first?.shutdown();
    await api?.close();
    first = undefined;
    api = undefined;
  });

  async function dmarketCalls(handle: TelemetryHandle): Promise<number | undefined> {
    return sampleValue(parseExposition(await scrapeText(handle)), 'dmarket_bot_api_requests_total', {
      endpoint: '/account/v1/balance',
      method: 'GET',
      status: '200',
    });
  }

  it('a second startTelemetry() returns the running instance and names who started it', async () => {
    const warnings: string[] = [];
    first = await startTestTelemetry({ runtimeMetrics: false });
    const second = await startTelemetry({ port: 0, logger: { warn: (m) => void warnings.push(m) } });
    expect(second).to.equal(first);
    expect(warnings).to.have.length(1);
    expect(warnings[0])
      .to.match(/already running \(started by startTelemetry\(\) at .*spec\/support\/telemetry\.ts:\d+/)
      .and.contain('does not apply its options (port)');
    MetricsCollector.recordCommand('/start');
    expect(
      sampleValue(parseExposition(await scrapeText(first)), 'dmarket_bot_commands_total', { command: '/start', status: 'ok' }),
    ).to.equal(1);
  });

  it('the preload entry plus an explicit startTelemetry() is one instance on the configured port', async () => {
    const port = await freePort();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', './lib/register.ts', 'spec/fixtures/reliability/preload-then-start.ts'],
      {
        cwd: ROOT,
        timeout: 30_000,
        env: { ...process.env, OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1', OTEL_EXPORTER_PROMETHEUS_PORT: String(port) },
      },
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      same: boolean;
      port: number;
      health: number;
      warnings: string[];
    };
    expect(report.same).to.equal(true);
    expect(report.port).to.equal(port);
    expect(report.health).to.equal(200);
    expect(report.warnings).to.have.length(1);
    expect(report.warnings[0]).to.contain('started by the preload entry (dmarket-bot-telemetry/register)').and.contain('(serviceName)');
  });

  it('after shutdown, a new start runs a new instance', async () => {
    const a = await startTestTelemetry({ runtimeMetrics: false });
    await a.shutdown();
    first = await startTestTelemetry({ runtimeMetrics: false });
    expect(first).to.not.equal(a);
    expect((await fetch(urlOf(first, '/health'))).status).to.equal(200);
  });

  it('a failed start never disturbs the running instance: capture and static calls stay with it', async () => {
    api = await startApiServer();
    first = await startTestTelemetry({ runtimeMetrics: false, autoInstrument: true, dmarketHosts: [api.url] });
    const taken = first.endpoint?.port ?? 0;
    const failed = await startTelemetry({
      host: '127.0.0.1',
      port: taken,
      registerGlobal: false,
      autoInstrument: true,
      dmarketHosts: [api.url],
      env: {},
    }).catch((e: unknown) => e);
    expect(failed).to.be.instanceOf(TelemetryListenError);
    expect((failed as Error).message)
      .to.contain('in use by another telemetry instance of this process (started by startTelemetry() at')
      .and.contain('EADDRINUSE');
    await fetch(`${api.url}/account/v1/balance`).then((r) => r.arrayBuffer());
    MetricsCollector.recordCommand('/balance');
    expect(await dmarketCalls(first)).to.equal(1);
    expect(
      sampleValue(parseExposition(await scrapeText(first)), 'dmarket_bot_commands_total', { command: '/balance', status: 'ok' }),
    ).to.equal(1);
  });

  it('a start that fails half-way (after it claimed capture and started the pipeline) undoes it all: the next start captures', async () => {
    api = await startApiServer();
    // Fault injection: a step after capture, the readers and runtime metrics are set up throws.
    const original = HealthRegistry.prototype.setTelemetryStatus;
    HealthRegistry.prototype.setTelemetryStatus = () => {
      throw new Error('injected failure');
    };
    try {
      const failed = await startTestTelemetry({ autoInstrument: true, traces: true, dmarketHosts: [api.url] }).catch((e: unknown) => e);
      expect((failed as Error).message).to.equal('injected failure');
    } finally {
      HealthRegistry.prototype.setTelemetryStatus = original;
    }
    const instanceSlots = ['globalInstance', 'captureOwner', 'captureSink', 'captureUnsubscribe', 'captureSpansOn', 'staticTarget'];
    expect(filledSlots().filter((slot) => instanceSlots.includes(slot))).to.deep.equal([]);
    first = await startTestTelemetry({ runtimeMetrics: false, autoInstrument: true, dmarketHosts: [api.url] });
    await fetch(`${api.url}/account/v1/balance`).then((r) => r.arrayBuffer());
    expect(await dmarketCalls(first)).to.equal(1);
  });

  it('a private instance (registerGlobal: false) never takes capture or the static API, and its shutdown leaves the owner intact', async () => {
    api = await startApiServer();
    first = await startTestTelemetry({ runtimeMetrics: false, autoInstrument: true, dmarketHosts: [api.url] });
    const other = await startTestTelemetry({ runtimeMetrics: false, autoInstrument: true, dmarketHosts: [api.url], registerGlobal: false });
    expect(other).to.not.equal(first);
    await fetch(`${api.url}/account/v1/balance`).then((r) => r.arrayBuffer());
    MetricsCollector.recordCommand('/start');
    expect(await dmarketCalls(first)).to.equal(1);
    expect(await dmarketCalls(other)).to.equal(undefined);
    expect(
      sampleValue(parseExposition(await scrapeText(other)), 'dmarket_bot_commands_total', { command: '/start', status: 'ok' }),
    ).to.equal(undefined);
    await other.shutdown();
    await fetch(`${api.url}/account/v1/balance`).then((r) => r.arrayBuffer());
    MetricsCollector.recordCommand('/start');
    expect(await dmarketCalls(first)).to.equal(2);
    expect(
      sampleValue(parseExposition(await scrapeText(first)), 'dmarket_bot_commands_total', { command: '/start', status: 'ok' }),
    ).to.equal(2);
  });
});

describe('OTLP export failures are visible at once and logged once', function () {
  this.timeout(40_000);
  it('/health shows the first failed attempt; one log line for the failure, one for the recovery', async () => {
    const receiver = await startOtlpReceiver();
    const port = receiver.port;
    await receiver.close(); // refused
    const warnings: string[] = [];
    const handle = await startTelemetry({
      host: '127.0.0.1',
      port: 0,
      autoInstrument: false,
      runtimeMetrics: false,
      env: {},
      metricsExporters: ['otlp'],
      // The exporter retries a refused connection for up to the export timeout before it answers.
      otlp: { endpoint: `http://127.0.0.1:${port}/v1/metrics`, exportIntervalMillis: 20_000, exportTimeoutMillis: 20_000 },
      logger: { warn: (m) => void warnings.push(m) },
    });
    try {
      handle.metrics.recordCommand('/start');
      const flushing = handle.meterProvider.forceFlush().catch(() => undefined);
      void flushing;
      let status = (await handle.health.report()).telemetry?.exports['otlp'];
      for (let i = 0; i < 40 && !status; i++) {
        await wait(50);
        status = (await handle.health.report()).telemetry?.exports['otlp'];
      }
      expect(status?.ok, 'a failed attempt is visible before the exporter gives up').to.equal(false);
      expect(status?.error).to.match(/ECONNREFUSED/);
      await wait(2500); // the exporter's own retries fail too
      expect(warnings.filter((w) => w.includes('otlp metrics export failed'))).to.have.length(1);
      const back = await startOtlpReceiver(port);
      try {
        let ok = false;
        for (let i = 0; i < 200 && !ok; i++) {
          await wait(50);
          ok = (await handle.health.report()).telemetry?.exports['otlp']?.ok === true;
        }
        expect(ok, 'recovery visible').to.equal(true);
        expect(warnings.filter((w) => w.includes('otlp metrics export recovered'))).to.have.length(1);
        figure(
          'OTLP backend refused, then back',
          'log lines for failure / recovery over the retries',
          `${warnings.filter((w) => w.includes('failed')).length} / ${warnings.filter((w) => w.includes('recovered')).length}`,
        );
      } finally {
        await back.close();
      }
    } finally {
      await handle.shutdown();
    }
  });
});

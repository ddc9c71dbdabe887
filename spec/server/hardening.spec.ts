import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TelemetryHandle } from '../../lib/index.js';
import { figure } from '../support/figures.js';
import { lastValue, startOtlpReceiver } from '../support/otlp-receiver.js';
import { startTestTelemetry } from '../support/telemetry.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const get = (port: number, path: string, authorization?: string) =>
  fetch(`http://127.0.0.1:${port}${path}`, { headers: authorization ? { authorization } : {} });

describe('optional auth on /metrics', () => {
  let handle: TelemetryHandle;
  afterEach(() => handle.shutdown());

  it('bearer token: 401 with a challenge without it or with a wrong one, 200 with it; /health stays open', async () => {
    handle = await startTestTelemetry({ metricsAuth: { bearerToken: 's3cret-token' } });
    const port = handle.endpoint?.port ?? 0;
    const denied = await get(port, '/metrics');
    expect(denied.status).to.equal(401);
    expect(denied.headers.get('www-authenticate')).to.match(/^Bearer/);
    expect((await get(port, '/metrics', 'Bearer s3cret-tokeX')).status).to.equal(401);
    expect((await get(port, '/metrics', 'Bearer s3cret-token')).status).to.equal(200);
    expect((await get(port, '/health')).status).to.equal(200);
  });

  it('basic auth from the environment, also protecting /health when asked', async () => {
    handle = await startTestTelemetry({ env: { DMARKET_TELEMETRY_METRICS_BASIC_AUTH: 'prometheus:pa:ss' } });
    const port = handle.endpoint?.port ?? 0;
    const good = `Basic ${Buffer.from('prometheus:pa:ss').toString('base64')}`;
    expect((await get(port, '/metrics')).headers.get('www-authenticate')).to.match(/^Basic/);
    expect((await get(port, '/metrics', `Basic ${Buffer.from('prometheus:nope').toString('base64')}`)).status).to.equal(401);
    expect((await get(port, '/metrics', good)).status).to.equal(200);
    await handle.shutdown();
    handle = await startTestTelemetry({ metricsAuth: { bearerToken: 't', protectHealth: true } });
    expect((await get(handle.endpoint?.port ?? 0, '/health')).status).to.equal(401);
  });
});

describe('start-up faults in continue mode', () => {
  it('/health-equivalent status reports the endpoint failure while recording continues', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const handle = await startTestTelemetry({ port, onListenError: 'continue', logger: { warn: () => undefined } });
    try {
      handle.metrics.recordCommand('/start');
      const report = await handle.health.report();
      expect(report.telemetry?.endpoint.listening).to.equal(false);
      expect(report.telemetry?.endpoint.error).to.contain('EADDRINUSE');
    } finally {
      await handle.shutdown();
      await new Promise((r) => blocker.close(r));
    }
  });
});

describe('shutdown on SIGTERM (handleSignals)', function () {
  this.timeout(30_000);

  it('flushes the last OTLP export and exits by the signal, even with a scrape in flight', async () => {
    const receiver = await startOtlpReceiver();
    const child = spawn(process.execPath, ['--import', 'tsx', 'spec/fixtures/signals/bot.ts'], {
      cwd: ROOT,
      env: { ...process.env, RECEIVER: receiver.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /ready (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once('exit', () => reject(new Error(`exited early: ${out}`)));
      });
      const inFlight = fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined);
      const killedAt = performance.now();
      child.kill('SIGTERM');
      const fallback = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
      clearTimeout(fallback);
      const seconds = (performance.now() - killedAt) / 1000;
      await inFlight;
      // Exited through the re-raised SIGTERM (the 15 s SIGKILL fallback below never fired).
      expect(signal).to.equal('SIGTERM');
      figure('shutdown', 'SIGTERM with a scrape in flight → exit, last OTLP export delivered', `${seconds.toFixed(2)} s, yes`);
      expect(lastValue(receiver, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' })).to.equal(5);
    } finally {
      child.kill('SIGKILL');
      await receiver.close();
    }
  });
});

describe('scrape coalescing', () => {
  it('50 concurrent scrapes share collections instead of each paying for one', async () => {
    const handle = await startTestTelemetry();
    try {
      let collections = 0;
      // A slow collection (an async callback taking 200 ms), as a large registry would be.
      handle.meterProvider
        .getMeter('probe')
        .createObservableGauge('probe_collections')
        .addCallback(async (r) => {
          collections++;
          await new Promise((done) => setTimeout(done, 200));
          r.observe(collections);
        });
      const port = handle.endpoint?.port ?? 0;
      const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(`http://127.0.0.1:${port}/metrics`)));
      expect(answers.every((a) => a.status === 200)).to.equal(true);
      expect(collections).to.be.at.least(1).and.below(50);
      figure('scrape storm', '50 concurrent scrapes → collections', collections);
    } finally {
      await handle.shutdown();
    }
  });
});

describe('listen errors name their cause', () => {
  it('permission denied and an unusable host get a plain-words reason with the code', async () => {
    const { TelemetryListenError } = await import('../../lib/index.js');
    const eacces = new TelemetryListenError('0.0.0.0', 80, Object.assign(new Error('listen EACCES'), { code: 'EACCES' }));
    expect(eacces.message).to.equal(
      'dmarket-bot-telemetry: cannot serve metrics on 0.0.0.0:80: permission denied (ports below 1024 need privileges) (EACCES)',
    );
    const notFound = new TelemetryListenError(
      'bot.invalid',
      8000,
      Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
    );
    expect(notFound.message).to.contain('the host name does not resolve (ENOTFOUND)');
  });
});

describe('a client that never reads its response', function () {
  this.timeout(60_000);

  it('is cut once the unread bytes outlive the write deadline, and the server keeps answering', async () => {
    const { MeterProvider } = await import('@opentelemetry/sdk-metrics');
    const { SharedCollection } = await import('../../lib/sdk/shared-collection.js');
    const { Exposition } = await import('../../lib/server/exposition.js');
    const { HealthRegistry } = await import('../../lib/server/health.js');
    const { TelemetryServer } = await import('../../lib/server/telemetry-server.js');
    const { CONNECTION_LIMITS } = await import('../../lib/server/connection-guard.js');
    const { connect } = await import('node:net');
    // A body far larger than loopback socket buffers (~24 MB), so unread bytes stay in the server.
    const collection = new SharedCollection();
    const provider = new MeterProvider({ readers: [collection] });
    const label = 'x'.repeat(80);
    // 150 gauges × 1,500 series (the SDK caps a stream at 2,000 series).
    for (let g = 0; g < 150; g++) {
      provider
        .getMeter('big')
        .createObservableGauge(`big_gauge_${g}`)
        .addCallback((r) => {
          for (let i = 0; i < 1500; i++) r.observe(i, { item: `${label}${i}` });
        });
    }
    const server = new TelemetryServer(
      { host: '127.0.0.1', port: 0, compression: 'none', limits: { ...CONNECTION_LIMITS, writeDeadlineMs: 500 } },
      new Exposition(collection, 'big'),
      new HealthRegistry('1'),
    );
    await server.listen();
    const { port } = server.address();
    try {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
        socket.pause(); // reads nothing
      });
      socket.on('error', () => undefined);
      let cut = false;
      for (let i = 0; i < 300 && !cut; i++) {
        await new Promise((r) => setTimeout(r, 100));
        cut = server.guard.cut === 1;
      }
      expect(cut, 'the stalled socket was cut').to.equal(true);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).to.equal(200);
      socket.destroy();
      figure(
        'slow clients',
        'one GET /metrics of ~24 MB never read: socket cut after the write deadline',
        '500 ms deadline (test setting; default 5 s), server keeps answering',
      );
    } finally {
      await server.close();
      await provider.shutdown();
    }
  });
});

import { expect } from 'chai';
import { startTelemetry, type TelemetryHandle } from '../../lib/index.js';
import { recordKnownFixture } from '../support/fixture.js';
import { lastValue, startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (bounded) until the receiver has decoded at least one export. */
async function firstExport(receiver: OtlpReceiver): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (receiver.received.length === 0 && Date.now() < deadline) await wait(20);
}

/** startTelemetry configured only through OTEL_* variables, as a deployed bot would be. */
function startFromEnv(env: Record<string, string>): Promise<TelemetryHandle> {
  return startTelemetry({
    env: {
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      OTEL_METRIC_EXPORT_INTERVAL: '100',
      OTEL_METRIC_EXPORT_TIMEOUT: '100',
      ...env,
    },
    autoInstrument: false,
  });
}

describe('OTEL_METRICS_EXPORTER switches backends with no code change', function () {
  this.timeout(30_000);
  let receiver: OtlpReceiver;
  beforeEach(async () => (receiver = await startOtlpReceiver()));
  afterEach(() => receiver.close());

  const cases: Array<[string, { metrics: number; otlp: boolean; readers: string[] }]> = [
    ['prometheus', { metrics: 200, otlp: false, readers: ['prometheus'] }],
    ['otlp', { metrics: 404, otlp: true, readers: ['otlp'] }],
    ['console', { metrics: 404, otlp: false, readers: ['console'] }],
    ['none', { metrics: 404, otlp: false, readers: [] }],
    ['prometheus,otlp', { metrics: 200, otlp: true, readers: ['prometheus', 'otlp'] }],
  ];

  for (const [value, expected] of cases) {
    it(`${value}: /metrics ${expected.metrics}, OTLP ${expected.otlp ? 'pushed' : 'silent'}`, async () => {
      const printed: unknown[] = [];
      const dir = console.dir;
      console.dir = (item: unknown) => void printed.push(item);
      const handle = await startFromEnv({ OTEL_METRICS_EXPORTER: value, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}` });
      try {
        handle.metrics.recordCommand('/start');
        // Pushed: until the first export arrives. Silent: five export intervals in which none may come.
        await (expected.otlp ? firstExport(receiver) : wait(500));
        expect(handle.readers).to.deep.equal(expected.readers);
        const res = await fetch(`http://127.0.0.1:${handle.endpoint?.port}/metrics`);
        expect(res.status).to.equal(expected.metrics);
        expect(receiver.received.length > 0, 'OTLP requests').to.equal(expected.otlp);
        expect(
          printed.some((p) => JSON.stringify(p).includes('dmarket_bot_commands_total')),
          'console output',
        ).to.equal(value === 'console');
        const health = (await (await fetch(`http://127.0.0.1:${handle.endpoint?.port}/health`)).json()) as {
          telemetry: { readers: string[] };
        };
        expect(health.telemetry.readers).to.deep.equal(expected.readers);
      } finally {
        await handle.shutdown();
        console.dir = dir;
      }
    });
  }

  it('OTEL_SDK_DISABLED=true: nothing listens, nothing is pushed, calls are harmless', async () => {
    const handle = await startFromEnv({
      OTEL_SDK_DISABLED: 'true',
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
    });
    expect(() => recordKnownFixture(handle.metrics)).to.not.throw();
    await wait(300);
    expect(handle.endpoint).to.equal(undefined);
    expect(receiver.attempts).to.equal(0);
    await handle.shutdown();
  });
});

describe('OTLP push payloads', function () {
  this.timeout(30_000);

  for (const protocol of ['http/protobuf', 'http/json'] as const) {
    it(`${protocol}: names, attributes, values, buckets, resource and headers arrive`, async () => {
      const receiver = await startOtlpReceiver();
      const handle = await startFromEnv({
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20t0ken,x-scope-orgid=bots',
        OTEL_SERVICE_NAME: 'dmarket-bot',
        OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=replica-7,deployment.environment=test',
      });
      try {
        recordKnownFixture(handle.metrics);
        await firstExport(receiver);
        const last = receiver.received.at(-1);
        expect(last, 'an export arrived').to.not.equal(undefined);
        expect(last?.headers['authorization']).to.equal('Bearer t0ken');
        expect(last?.headers['x-scope-orgid']).to.equal('bots');
        expect(last?.headers['content-type']).to.contain(protocol === 'http/json' ? 'json' : 'protobuf');
        expect(last?.decoded.resource).to.include({
          'service.name': 'dmarket-bot',
          'service.instance.id': 'replica-7',
          'deployment.environment': 'test',
        });
        expect(lastValue(receiver, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' })).to.equal(2);
        expect(lastValue(receiver, 'dmarket_bot_balance_usd')).to.equal(1234.56);
        const histogram = last?.decoded.metrics.find((m) => m.name === 'dmarket_bot_api_request_duration_seconds');
        expect(histogram?.kind).to.equal('histogram');
        expect(histogram?.unit).to.equal('s');
        const point = histogram?.points.find((p) => p.attributes['endpoint'] === '/exchange/v1/market/items');
        expect(point?.bounds).to.deep.equal([0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
        expect(point?.count).to.equal(2);
        expect(point?.sum).to.be.closeTo(0.37, 1e-9);
        expect(point?.buckets?.reduce((a, b) => a + b, 0)).to.equal(2);
        expect(Object.keys(point?.attributes ?? {}).sort()).to.deep.equal(['endpoint', 'method']);
      } finally {
        await handle.shutdown();
        await receiver.close();
      }
    });
  }

  it('shutdown flushes the last data even with a long export interval', async () => {
    const receiver = await startOtlpReceiver();
    const handle = await startFromEnv({
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
      OTEL_METRIC_EXPORT_TIMEOUT: '5000',
    });
    try {
      for (let i = 0; i < 7; i++) handle.metrics.recordTrade({ type: 'buy', game: 'rust', amountUsd: 2 });
      expect(receiver.received).to.have.length(0);
      await handle.shutdown();
      expect(lastValue(receiver, 'dmarket_bot_trades_total', { type: 'buy', game: 'rust' })).to.equal(7);
      expect(lastValue(receiver, 'dmarket_bot_trade_volume_usd_total', { type: 'buy', game: 'rust' })).to.equal(14);
    } finally {
      await receiver.close();
    }
  });

  // @slow: after the failed push the OTLP export watcher rightly stays subscribed for the exporter's retry
  // window (10 s, lib/sdk/export-attempts.ts), and the leak check after this file waits that out.
  it('/health shows the last push result and time @slow', async () => {
    const receiver = await startOtlpReceiver();
    const handle = await startFromEnv({ OTEL_METRICS_EXPORTER: 'prometheus,otlp', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: receiver.url });
    try {
      handle.metrics.recordCommand('/start');
      await wait(400);
      let report = await handle.health.report();
      expect(report.status).to.equal('ok');
      expect(report.telemetry?.exports['otlp']?.ok).to.equal(true);
      expect(Date.parse(report.telemetry?.exports['otlp']?.at ?? '')).to.be.greaterThan(Date.now() - 5000);
      receiver.mode = 'error500';
      await wait(400);
      report = await handle.health.report();
      expect(report.telemetry?.exports['otlp']?.ok).to.equal(false);
      expect(report.telemetry?.exports['otlp']?.error).to.be.a('string');
      // A failing backend is reported, but never makes the bot unhealthy.
      expect(report.status).to.equal('ok');
    } finally {
      await handle.shutdown();
      await receiver.close();
    }
  });
});

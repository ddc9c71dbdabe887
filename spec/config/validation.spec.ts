import { expect } from 'chai';
import { metrics } from '@opentelemetry/api';
import { hasSubscribers } from 'node:diagnostics_channel';
import { createServer } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTelemetry, TelemetryConfigError, type TelemetryOptions } from '../../lib/index.js';
import { optionBag } from '../../lib/config/validate-shape.js';
import { filledSlots } from '../../lib/process-state.js';
import { freePort } from '../../scripts/stack/processes.js';

const lib = resolve(dirname(fileURLToPath(import.meta.url)), '../../lib');

/** Starts a private instance isolated from the environment; resolves to what it rejected with. */
async function rejection(options: Record<string, unknown>): Promise<unknown> {
  const given = {
    host: '127.0.0.1',
    port: 0,
    registerGlobal: false,
    runtimeMetrics: false,
    autoInstrument: false,
    env: {},
    ...options,
  } as TelemetryOptions;
  try {
    const handle = await startTelemetry(given);
    await handle.shutdown();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('options passed in code get the checks environment values get', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['seriesLimit', { seriesLimit: 0 }],
    ['buckets.dmarket_bot_arbitrage_scan_duration_seconds', { buckets: { dmarket_bot_arbitrage_scan_duration_seconds: [5, 1] } }],
    ['buckets.dmarket_bot_api_request_duration_seconds', { buckets: { dmarket_bot_api_request_duration_seconds: 'fast' } }],
    ['buckets.dmarket_bot_command_duration_seconds', { buckets: { dmarket_bot_command_duration_seconds: [] } }],
    ['metricsExporters', { metricsExporters: ['prometheus', 'prom'] }],
    ['metricsExporters', { metricsExporters: 'prometheus' }],
    ['tracesExporters', { tracesExporters: ['jaeger'] }],
    ['otlp.protocol', { otlp: { protocol: 'udp' } }],
    ['otlp.endpoint', { otlp: { endpoint: 'ftp://collector:4318' } }],
    ['metricsCompression', { metricsCompression: 'br' }],
    ['onListenError', { onListenError: 'ignore' }],
    ['autoInstrument', { autoInstrument: 'yes' }],
    ['handleSignals', { handleSignals: 1 }],
    ['host', { host: 8000 }],
    ['dmarketHosts', { dmarketHosts: 'api.dmarket.com' }],
    ['endpointTemplates', { endpointTemplates: [42] }],
    ['endpointTemplates', { endpointTemplates: [''] }],
    ['endpointTemplates', { endpointTemplates: ['not a template'] }],
    ['metricsAuth.bearerToken', { metricsAuth: { bearerToken: 12345 } }],
  ];
  for (const [name, options] of cases) {
    it(`${JSON.stringify(options)} → TelemetryConfigError naming ${name}`, async () => {
      const error = await rejection(options);
      expect(error).to.be.instanceOf(TelemetryConfigError);
      expect((error as Error).message).to.contain(`${name}:`);
    });
  }

  it('the same mistake in the environment and in code is the same kind of error', async () => {
    const fromEnv = await rejection({ env: { OTEL_METRICS_EXPORTER: 'prom' } });
    const fromCode = await rejection({ metricsExporters: ['prom'] });
    expect(fromEnv).to.be.instanceOf(TelemetryConfigError);
    expect(fromCode).to.be.instanceOf(TelemetryConfigError);
  });

  it('valid options still start (the checks reject nothing a bot may pass)', async () => {
    const error = await rejection({
      seriesLimit: 10,
      buckets: { dmarket_bot_api_request_duration_seconds: [0.1, 1] },
      metricsExporters: ['prometheus'],
      tracesExporters: [],
      otlp: { protocol: 'http/json' },
      metricsCompression: 'none',
      onListenError: 'continue',
      handleSignals: false,
      dmarketHosts: ['127.0.0.1'],
      endpointTemplates: ['/proxy/{id}'],
      metricsAuth: { username: 'prom', password: '' },
    });
    expect(error).to.equal(undefined);
  });
});

describe('configuration is read in config/ only', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );

  it('no module outside lib/config/ reads an environment variable (npm_package_version, set by npm, aside)', () => {
    const readers = files(lib)
      .filter((file) => !relative(lib, file).startsWith('config'))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\b(?:process\.)?env\[['"]([A-Za-z_]+)['"]\]/g)].map(
          (m) => `${relative(lib, file)}: ${m[1]}`,
        ),
      )
      .filter((hit) => !hit.endsWith(': npm_package_version'));
    expect(readers).to.deep.equal([]);
  });
});

/** What a start leaves behind: a bound port, filled process slots, channel subscribers, a global provider. */
const captureSubscribed = (): boolean => hasSubscribers('undici:request:create') || hasSubscribers('http.client.request.start');

async function startedAnything(port: number, slotsBefore: string[], providerBefore: unknown, captureBefore: boolean): Promise<string[]> {
  const left: string[] = [];
  const probe = createServer();
  await new Promise<void>((done) =>
    probe.once('error', () => (left.push(`port ${port} bound`), done())).listen(port, '127.0.0.1', () => probe.close(() => done())),
  );
  if (filledSlots().join() !== slotsBefore.join()) left.push(`slots ${filledSlots().join()}`);
  if (captureSubscribed() !== captureBefore) left.push('capture subscribed');
  if (metrics.getMeterProvider() !== providerBefore) left.push('global meter provider');
  return left;
}

/** Rejects with a TelemetryConfigError naming `name`, never echoing `secret`, with nothing started (global, capture on). */
async function rejectsBeforeStart(options: Record<string, unknown>, name: string, secret = 'sk_live_0123'): Promise<void> {
  const port = await freePort();
  const slots = filledSlots();
  const provider = metrics.getMeterProvider();
  const capture = captureSubscribed();
  let error: unknown;
  try {
    const handle = await startTelemetry({ host: '127.0.0.1', port, runtimeMetrics: false, env: {}, ...options } as TelemetryOptions);
    await handle.shutdown();
  } catch (caught) {
    error = caught;
  }
  expect(error, 'rejected').to.be.instanceOf(TelemetryConfigError);
  expect((error as Error).message).to.contain(`${name}:`);
  expect((error as Error).message).to.not.contain(secret);
  expect(await startedAnything(port, slots, provider, capture)).to.deep.equal([]);
}

describe('options given in code: shapes, sections and names (issue 17, item 2)', function () {
  this.timeout(20_000);
  const SECRET = 'sk_live_0123';
  const cases: Array<[string, Record<string, unknown>]> = [
    // metricsAuth: anything less than usable credentials used to serve /metrics with no auth.
    ['metricsAuth.username', { metricsAuth: { password: SECRET } }],
    ['metricsAuth', { metricsAuth: SECRET }],
    ['metricsAuth', { metricsAuth: [SECRET] }],
    ['metricsAuth', { metricsAuth: {} }],
    ['metricsAuth', { metricsAuth: { protectHealth: true } }],
    ['metricsAuth.password', { metricsAuth: { username: 'prom' } }],
    ['metricsAuth.username', { metricsAuth: { username: '', password: SECRET } }],
    ['metricsAuth.username', { metricsAuth: { username: 'a:b', password: SECRET } }],
    ['metricsAuth.password', { metricsAuth: { username: 'prom', password: 12345 } }],
    ['metricsAuth.bearerToken', { metricsAuth: { bearerToken: '' } }],
    ['metricsAuth.bearerToken', { metricsAuth: { bearerToken: ` ${SECRET}` } }],
    ['metricsAuth.protectHealth', { metricsAuth: { bearerToken: SECRET, protectHealth: 'yes' } }],
    ['metricsAuth.protectHelth', { metricsAuth: { bearerToken: SECRET, protectHelth: true } }],
    // Sections are objects: not null, strings or arrays.
    ['healthChecks', { healthChecks: null }],
    ['healthChecks', { healthChecks: [] }],
    ['otlp', { otlp: 'endpoint=http://collector:4318' }],
    ['buckets', { buckets: [[0.1, 1]] }],
    ['labelCaps', { labelCaps: null }],
    ['resourceAttributes', { resourceAttributes: 'team=bots' }],
    ['env', { env: 'OTEL_SERVICE_NAME=bot' }],
    ['env.OTEL_SERVICE_NAME', { env: { OTEL_SERVICE_NAME: 5 } }],
    ['logger', { logger: {} }],
    ['logger', { logger: { warn: 'console' } }],
    ['logger', { logger: null }],
    // otlp.headers: names to strings.
    ['otlp.headers.a', { otlp: { headers: { a: 5 } } }],
    ['otlp.headers', { otlp: { headers: `authorization=Bearer ${SECRET}` } }],
    ['otlp.headers', { otlp: { headers: { 'bad name': SECRET } } }],
    ['otlp.headers.authorization', { otlp: { headers: { authorization: `Bearer ${SECRET}\r\nx-evil: 1` } } }],
    // buckets: catalog histograms, boundaries ≥ 0.
    ['buckets.dmarket_bot_api_duration_seconds', { buckets: { dmarket_bot_api_duration_seconds: [1, 2] } }],
    ['buckets.dmarket_bot_api_request_duration_seconds', { buckets: { dmarket_bot_api_request_duration_seconds: [-1, 1] } }],
    ['buckets.dmarket_bot_api_request_duration_seconds', { buckets: { dmarket_bot_api_request_duration_seconds: [0.1, Number.NaN] } }],
    // labelCaps: labels that take caps.
    ['labelCaps.user_id', { labelCaps: { user_id: 10 } }],
    ['labelCaps.status', { labelCaps: { status: 10 } }],
    // dmarketHosts: host names, host:port or http(s) URLs.
    ['dmarketHosts', { dmarketHosts: [''] }],
    ['dmarketHosts', { dmarketHosts: ['api dmarket.com'] }],
    ['dmarketHosts', { dmarketHosts: ['*.dmarket.com'] }],
    ['dmarketHosts', { dmarketHosts: ['api.dmarket.com:99999'] }],
    ['dmarketHosts', { dmarketHosts: ['ftp://api.dmarket.com'] }],
    ['dmarketHosts', { dmarketHosts: [`https://bot:${SECRET}@api.dmarket.com`] }],
    // Resource.
    ['serviceName', { serviceName: 5 }],
    ['serviceName', { serviceName: ' ' }],
    ['serviceVersion', { serviceVersion: 1.2 }],
    ['serviceInstanceId', { serviceInstanceId: {} }],
    ['resourceAttributes.team', { resourceAttributes: { team: { name: 'bots' } } }],
    ['resourceAttributes.zones', { resourceAttributes: { zones: ['a', 1] } }],
    ['configFile', { configFile: 5 }],
    // Health thresholds in order.
    ['healthChecks.dmarketFailAfterSeconds', { healthChecks: { dmarketDegradedAfterSeconds: 600, dmarketFailAfterSeconds: 60 } }],
  ];
  for (const [name, options] of cases) {
    it(`${JSON.stringify(options)} → TelemetryConfigError naming ${name}, before anything starts`, () =>
      rejectsBeforeStart(options, name, SECRET));
  }

  it('a bag that is not an object is a TelemetryConfigError; null and undefined mean no options', async () => {
    for (const bag of ['port=8000', 8000, [], true]) {
      const error = await startTelemetry(bag as never).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TelemetryConfigError);
      expect((error as Error).message).to.contain('options:');
    }
    expect(optionBag(null)).to.deep.equal({});
    expect(optionBag(undefined)).to.deep.equal({});
  });

  it('valid shapes still start', async () => {
    const error = await rejection({
      dmarketHosts: [
        'api.dmarket.com',
        'API.dmarket.com.',
        'api.dmarket.com:443',
        'https://api.dmarket.com/',
        '127.0.0.1:8080',
        '[::1]:8080',
      ],
      labelCaps: { command: 50, endpoint: 10, error_type: 5 },
      resourceAttributes: { team: 'bots', replicas: 2, canary: false, zones: ['a', 'b'], none: undefined },
      otlp: { headers: { authorization: 'Bearer x', 'x-scope-orgid': 'bots' } },
      logger: { warn: () => undefined },
      healthChecks: { dmarketDegradedAfterSeconds: 60, dmarketFailAfterSeconds: 60, eventLoopDelayMs: false },
      serviceName: 'bot',
      serviceVersion: '1.0.0',
      serviceInstanceId: 'a',
      buckets: { dmarket_bot_api_request_duration_seconds: [0, 0.5, 1] },
      metricsAuth: { bearerToken: 't', protectHealth: true },
    });
    expect(error).to.equal(undefined);
  });

  it('unknown keys are warned about through the logger, naming the key, and ignored (not an error)', async () => {
    const warnings: string[] = [];
    const error = await rejection({
      seriesLimt: 5,
      healthChecks: { eventLoopDelay: 5 },
      futureOption: true,
      logger: { warn: (m: string) => warnings.push(m) },
    });
    expect(error).to.equal(undefined);
    expect(warnings.find((w) => w.includes('"seriesLimt"'))).to.contain('did you mean "seriesLimit"');
    expect(warnings.find((w) => w.includes('"healthChecks.eventLoopDelay"'))).to.contain('"healthChecks.eventLoopDelayMs"');
    expect(warnings.some((w) => w.includes('"futureOption" is not known and is ignored'))).to.equal(true);
    expect(warnings).to.have.length(3);
  });

  it('metricsAuth: { protectHealth: true } keeps the token of the environment (and protects /health with it)', async () => {
    const handle = await startTelemetry({
      host: '127.0.0.1',
      port: 0,
      registerGlobal: false,
      runtimeMetrics: false,
      autoInstrument: false,
      env: { DMARKET_TELEMETRY_METRICS_BEARER_TOKEN: 'from-env' },
      metricsAuth: { protectHealth: true },
    });
    try {
      const url = handle.endpoint?.url as string;
      expect((await fetch(`${url}/metrics`)).status).to.equal(401);
      expect((await fetch(`${url}/health`)).status).to.equal(401);
      const ok = await fetch(`${url}/health`, { headers: { authorization: 'Bearer from-env' } });
      expect(ok.status).to.equal(200);
    } finally {
      await handle.shutdown();
    }
  });
});

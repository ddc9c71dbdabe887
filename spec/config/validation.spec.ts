import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTelemetry, TelemetryConfigError, type TelemetryOptions } from '../../lib/index.js';

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

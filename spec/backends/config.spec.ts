import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTelemetry, TelemetryConfigError, type TelemetryOptions } from '../../lib/index.js';
import { freePort } from '../../scripts/stack/processes.js';
import { scrape } from '../support/telemetry.js';
import { samplesOf } from '../support/exposition.js';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import { figure } from '../support/figures.js';

const OTEL_DIR = fileURLToPath(new URL('../../otel/', import.meta.url));
const base: TelemetryOptions = { host: '127.0.0.1', port: 0, autoInstrument: false, env: {} };

async function rejection(options: TelemetryOptions): Promise<Error> {
  try {
    const handle = await startTelemetry(options);
    await handle.shutdown();
  } catch (error) {
    return error as Error;
  }
  throw new Error('startTelemetry did not reject');
}

describe('OTEL_CONFIG_FILE (declarative configuration)', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dmbt-otel-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  for (const [name, readers] of [
    ['prometheus.yaml', ['prometheus']],
    ['otlp.yaml', ['otlp']],
    ['both.yaml', ['prometheus', 'otlp']],
  ] as const) {
    it(`otel/${name} loads and runs the readers ${readers.join(' + ')}`, async () => {
      const receiver = await startOtlpReceiver();
      // The files follow the standard base-URL variable (the spec appends /v1/metrics), read from the env option.
      const endpoint = `http://127.0.0.1:${receiver.port}`;
      try {
        const handle = await startTelemetry({
          ...base,
          env: { OTEL_CONFIG_FILE: join(OTEL_DIR, name), OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
        });
        expect(handle.readers).to.deep.equal(readers);
        handle.metrics.recordCommand('/start');
        await handle.shutdown();
        // Shutdown flushes push readers, so an OTLP file has exported once by now.
        expect(receiver.received.length > 0).to.equal(readers.includes('otlp' as never));
      } finally {
        await receiver.close();
      }
    });
  }

  it('keeps the catalog views unless the file overrides a histogram’s buckets explicitly', async () => {
    const path = file(
      'views.yaml',
      [
        'file_format: "1.0"',
        'meter_provider:',
        '  readers:',
        '    - pull: { exporter: { prometheus/development: { port: 8000 } } }',
        '  views:',
        '    - selector: { instrument_name: dmarket_bot_arbitrage_scan_duration_seconds }',
        '      stream: { aggregation: { explicit_bucket_histogram: { boundaries: [1, 60] } } }',
      ].join('\n'),
    );
    const handle = await startTelemetry({ ...base, configFile: path });
    try {
      handle.metrics.recordArbitrageScan({ level: 'pro', game: 'csgo', duration: 3 });
      handle.metrics.recordApiRequest({ endpoint: '/x', method: 'GET', status: 200, duration: 0.3 });
      const p = await scrape(handle);
      expect(samplesOf(p, 'dmarket_bot_arbitrage_scan_duration_seconds_bucket').map((s) => s.labels['le'])).to.deep.equal([
        '1',
        '60',
        '+Inf',
      ]);
      expect(samplesOf(p, 'dmarket_bot_api_request_duration_seconds_bucket')).to.have.length(11);
    } finally {
      await handle.shutdown();
    }
  });

  it('warns by path about keys this SDK does not apply, and applies the rest', async () => {
    const warnings: string[] = [];
    const path = file(
      'extra.yaml',
      [
        'file_format: "1.0"',
        'tracer_provider:',
        '  processors: [{ simple: { exporter: { console: {} } } }]',
        'meter_provider:',
        '  exemplar_filter: always_on',
        '  readers:',
        '    - pull: { exporter: { prometheus/development: { port: 8000, scope_info_enabled: true } } }',
      ].join('\n'),
    );
    const handle = await startTelemetry({ ...base, configFile: path, logger: { warn: (m) => warnings.push(m) } });
    await handle.shutdown();
    expect(handle.readers).to.deep.equal(['prometheus']);
    expect(warnings.join('\n'))
      .to.contain('"tracer_provider"')
      .and.contain('"meter_provider.exemplar_filter"')
      .and.contain('"meter_provider.readers[0].pull.exporter.prometheus/development.scope_info_enabled"');
  });

  const broken: Array<[string, string, RegExp]> = [
    ['bad YAML', 'file_format: "1.0"\nmeter_provider: [unclosed', /OTEL_CONFIG_FILE .*bad\.yaml/],
    ['wrong file_format', 'file_format: "2.0"\n', /Unsupported file_format: "2\.0"/],
    [
      'unknown exporter',
      'file_format: "1.0"\nmeter_provider:\n  readers:\n    - periodic: { exporter: { zipkin: {} } }\n',
      /readers\[0\]\.periodic\.exporter: unknown exporter zipkin; accepted: otlp_http, otlp_grpc, console/,
    ],
    [
      'malformed endpoint',
      'file_format: "1.0"\nmeter_provider:\n  readers:\n    - periodic: { exporter: { otlp_http: { endpoint: "collector:4318" } } }\n',
      /otlp_http\.endpoint: not an http:\/\/ or https:\/\/ URL/,
    ],
  ];
  for (const [what, text, message] of broken) {
    it(`rejects a file with ${what}, naming the problem`, async () => {
      const error = await rejection({ ...base, configFile: file('bad.yaml', text) });
      expect(error).to.be.instanceOf(TelemetryConfigError);
      expect(error.message).to.match(message);
    });
  }

  it('otel/otlp.yaml with OTEL_EXPORTER_OTLP_ENDPOINT written with a trailing slash still pushes to /v1/metrics', async () => {
    const receiver = await startOtlpReceiver();
    const env = { OTEL_CONFIG_FILE: join(OTEL_DIR, 'otlp.yaml'), OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}/` };
    try {
      const handle = await startTelemetry({ ...base, env });
      handle.metrics.recordCommand('/start');
      await handle.shutdown();
      expect(receiver.received.map((r) => r.path))
        .to.include('/v1/metrics')
        .and.not.include('//v1/metrics');
    } finally {
      await receiver.close();
    }
  });

  it('${VAR} in a config file comes from the env option, like every variable (process.env is not read when env is given)', async () => {
    const receiver = await startOtlpReceiver();
    const decoy = await startOtlpReceiver();
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = `http://127.0.0.1:${decoy.port}`;
    try {
      const env = { OTEL_CONFIG_FILE: join(OTEL_DIR, 'otlp.yaml'), OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}` };
      const handle = await startTelemetry({ ...base, env });
      handle.metrics.recordCommand('/start');
      await handle.shutdown();
      expect(receiver.received.length, 'pushed to the env option endpoint').to.be.greaterThan(0);
      expect(decoy.received.length, 'pushed to the process.env endpoint').to.equal(0);
      expect(process.env['OTEL_EXPORTER_OTLP_ENDPOINT'], 'process.env restored').to.equal(`http://127.0.0.1:${decoy.port}`);
      expect(process.env['OTEL_CONFIG_FILE']).to.equal(undefined);
    } finally {
      delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
      await receiver.close();
      await decoy.close();
    }
  });

  it('otlp_http.headers_list (the OTEL_EXPORTER_OTLP_HEADERS format) is sent, and headers wins on the same name', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const path = file(
        'headers.yaml',
        [
          'file_format: "1.0"',
          'meter_provider:',
          '  readers:',
          '    - periodic:',
          '        exporter:',
          '          otlp_http:',
          `            endpoint: ${receiver.url}`,
          '            headers_list: "authorization=Bearer%20t0ken,x-scope-orgid=from-list"',
          '            headers: [{ name: x-scope-orgid, value: bots }]',
          '',
        ].join('\n'),
      );
      const handle = await startTelemetry({ ...base, configFile: path });
      await handle.shutdown();
      const headers = receiver.received[0]?.headers;
      expect(headers?.['authorization']).to.equal('Bearer t0ken');
      expect(headers?.['x-scope-orgid']).to.equal('bots');
    } finally {
      await receiver.close();
    }
  });

  it('a malformed headers_list is a TelemetryConfigError naming the key, never its value', async () => {
    const text =
      'file_format: "1.0"\nmeter_provider:\n  readers:\n    - periodic: { exporter: { otlp_http: { endpoint: "http://127.0.0.1:4318/v1/metrics", headers_list: "sk_live_secret" } } }\n';
    const error = await rejection({ ...base, configFile: file('bad-list.yaml', text) });
    expect(error).to.be.instanceOf(TelemetryConfigError);
    expect(error.message)
      .to.match(/otlp_http\.headers_list: entry 1 is not key=value/)
      .and.not.contain('sk_live_secret');
  });

  it('precedence: explicit options > file > environment', async () => {
    const path = file(
      'pull.yaml',
      'file_format: "1.0"\nmeter_provider:\n  readers:\n    - pull: { exporter: { prometheus/development: { port: 8000 } } }\n',
    );
    const fileBeatsEnv = await startTelemetry({ ...base, env: { OTEL_CONFIG_FILE: path, OTEL_METRICS_EXPORTER: 'console' } });
    await fileBeatsEnv.shutdown();
    expect(fileBeatsEnv.readers).to.deep.equal(['prometheus']);
    const optionBeatsFile = await startTelemetry({ ...base, configFile: path, metricsExporters: [] });
    await optionBeatsFile.shutdown();
    expect(optionBeatsFile.readers).to.deep.equal([]);
  });
});

describe('invalid OTEL_* configuration', function () {
  this.timeout(20_000);
  const cases: Array<[Record<string, string>, RegExp]> = [
    [
      { OTEL_METRICS_EXPORTER: 'prometheus,zipkin' },
      /OTEL_METRICS_EXPORTER: entry 2 is not a known exporter; accepted: prometheus, otlp, console, none/,
    ],
    [
      { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
      /OTEL_EXPORTER_OTLP_ENDPOINT: not an http:\/\/ or https:\/\/ URL/,
    ],
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' },
      /OTEL_EXPORTER_OTLP_PROTOCOL: not a known protocol; accepted: http\/protobuf, http\/json, grpc/,
    ],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'novalue' }, /OTEL_EXPORTER_OTLP_HEADERS: entry 1 is not key=value/],
    [{ OTEL_METRIC_EXPORT_INTERVAL: '-5' }, /OTEL_METRIC_EXPORT_INTERVAL: not a positive whole number of milliseconds/],
    [{ OTEL_SDK_DISABLED: 'yes' }, /OTEL_SDK_DISABLED: not a boolean/],
    [
      { OTEL_RESOURCE_ATTRIBUTES: 'team=a%2Cb,owner=100%' },
      /OTEL_RESOURCE_ATTRIBUTES: the value of entry 2 has malformed percent-encoding/,
    ],
    [
      { OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20sk_live_%zz' },
      /OTEL_EXPORTER_OTLP_HEADERS: the value of entry 1 has malformed percent-encoding/,
    ],
  ];
  for (const [env, message] of cases) {
    it(`${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')} → a clear error, and nothing starts`, async () => {
      const port = await freePort();
      const error = await rejection({ ...base, port, env });
      expect(error).to.be.instanceOf(TelemetryConfigError);
      expect(error.message).to.match(message);
      // Nothing was half-started: the port is still free.
      const probe = createServer();
      await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', resolve));
      await new Promise((r) => probe.close(r));
    });
  }
});

describe('configuration errors never echo values (they may be secrets)', function () {
  this.timeout(20_000);
  const secret = 'sk_live_0123456789abcdef';
  const cases: Array<[string, TelemetryOptions]> = [
    ['a header that is not key=value', { env: { OTEL_EXPORTER_OTLP_HEADERS: `x-scope-orgid=bots,Bearer ${secret}` } }],
    ['a header with malformed percent-encoding', { env: { OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${secret}%` } }],
    ['an endpoint URL with userinfo that is not http(s)', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: `ftp://bot:${secret}@collector:4318` } }],
    ['an endpoint that is no URL at all', { env: { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `bot:${secret}@collector` } }],
    ['a protocol typo holding a token', { env: { OTEL_EXPORTER_OTLP_PROTOCOL: secret } }],
    ['an exporter list holding a token', { env: { OTEL_METRICS_EXPORTER: `prometheus,${secret}` } }],
  ];
  for (const [what, options] of cases) {
    it(`${what}: TelemetryConfigError naming the variable, without the value`, async () => {
      const error = await rejection({ ...base, ...options });
      expect(error).to.be.instanceOf(TelemetryConfigError);
      expect(error.message).to.match(/OTEL_[A-Z_]+: /);
      expect(error.message).to.not.contain(secret);
      expect(error.message).to.not.contain('sk_live');
    });
  }
  after(() =>
    figure(
      'config errors',
      `malformed headers, URLs with userinfo, percent-encoding, typos holding a token: messages echoing the value`,
      `0 of ${cases.length}`,
    ),
  );
});

describe('numeric options are validated', function () {
  this.timeout(20_000);
  const cases: Array<[TelemetryOptions, RegExp]> = [
    [{ port: '8000' as unknown as number }, /port: must be a whole number from 0 to 65535/],
    [{ port: 70_000 }, /port: must be a whole number from 0 to 65535/],
    [{ port: 80.5 }, /port: must be a whole number/],
    [{ seriesLimit: 0 }, /seriesLimit: must be a whole number from 1/],
    [{ seriesLimit: Number.NaN }, /seriesLimit: must be a whole number/],
    [{ labelCaps: { command: -1 } }, /labelCaps\.command: must be a whole number from 1/],
    [{ labelCaps: { endpoint: Infinity } }, /labelCaps\.endpoint: must be a whole number/],
    [{ healthCheckTimeoutMs: 0 }, /healthCheckTimeoutMs: must be a whole number from 1/],
    [{ otlp: { exportIntervalMillis: -1 } }, /otlp\.exportIntervalMillis: must be a whole number/],
    [{ healthChecks: { eventLoopDelayMs: -5 } }, /healthChecks\.eventLoopDelayMs: must be a positive number or false/],
  ];
  for (const [options, message] of cases) {
    it(`${JSON.stringify(options)} → TelemetryConfigError before anything starts`, async () => {
      const error = await rejection({ ...base, ...options });
      expect(error).to.be.instanceOf(TelemetryConfigError);
      expect(error.message).to.match(message);
    });
  }
});

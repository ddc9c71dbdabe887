import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../scripts/stack/processes.js';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import { eventually } from '../support/prometheus-api.js';
import { scrapeCommands, startBot, useInstalledConsumer, type Consumer } from './support/consumer.js';
import { ROOT } from './support/runtime-stage.js';

const MB = 1024 * 1024;
/** The production install budget of a Prometheus-only bot (docs/performance.md). */
const SIZE_BUDGET_MB = 25;

/** Apparent bytes of every file under `dir` (what the install writes, whatever the disk's block size). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

const ESM_BOT = `import { MetricsCollector, startTelemetry } from 'dmarket-bot-telemetry';
const telemetry = await startTelemetry({ host: '127.0.0.1', port: Number(process.env.PORT), runtimeMetrics: false });
MetricsCollector.recordCommand('/esm');
console.log('READY ' + telemetry.endpoint.url);
setInterval(() => {}, 1000);
`;

const CJS_BOT = `'use strict';
const { MetricsCollector, startTelemetry } = require('dmarket-bot-telemetry');
startTelemetry({ host: '127.0.0.1', port: Number(process.env.PORT), runtimeMetrics: false }).then((telemetry) => {
  MetricsCollector.recordCommand('/cjs');
  console.log('READY ' + telemetry.endpoint.url);
});
setInterval(() => {}, 1000);
`;

/** A bot that only records: telemetry comes from the preload entry. */
const PRELOADED_ESM = `import { MetricsCollector, preloadedTelemetry } from 'dmarket-bot-telemetry';
const telemetry = await preloadedTelemetry();
MetricsCollector.recordCommand('/preloaded');
process.on('SIGTERM', () => void telemetry?.shutdown().then(() => process.exit(0)));
console.log('READY ' + telemetry?.readers.join(','));
setInterval(() => {}, 1000);
`;

const PRELOADED_CJS = `'use strict';
const { MetricsCollector, preloadedTelemetry } = require('dmarket-bot-telemetry');
preloadedTelemetry().then((telemetry) => {
  MetricsCollector.recordCommand('/preloaded');
  console.log('READY ' + telemetry?.readers.join(','));
});
setInterval(() => {}, 1000);
`;

const MISSING_EXPORTER = `import { startTelemetry, TelemetryConfigError, TelemetryMissingPackageError } from 'dmarket-bot-telemetry';
try {
  await startTelemetry({ host: '127.0.0.1', port: 0, metricsExporters: ['otlp'], otlp: { protocol: process.env.PROTOCOL } });
  console.log('READY started');
} catch (error) {
  console.log('READY ' + JSON.stringify({ configError: error instanceof TelemetryConfigError, missing: error instanceof TelemetryMissingPackageError && error.packages, message: error.message }));
}
process.exit(0);
`;

/** Spans from the installed package: fetch (undici) and node:http requests to a loopback "DMarket". */
const SPANS_BOT = `import { createServer, get } from 'node:http';
import { startTelemetry } from 'dmarket-bot-telemetry';
const server = createServer((req, res) => res.end('{}')).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const api = 'http://127.0.0.1:' + server.address().port;
const telemetry = await startTelemetry({ host: '127.0.0.1', port: 0, tracesExporters: ['console'], dmarketHosts: [api], runtimeMetrics: false });
await (await fetch(api + '/account/v1/balance?secret=1')).text();
await new Promise((resolve) => get(api + '/account/v1/user', (res) => { res.resume(); res.on('end', resolve); }));
await telemetry.shutdown();
server.close();
console.log('READY done');
`;

describe('the packed package, installed with --omit=dev into a scratch bot project', function () {
  this.timeout(60_000);
  const setup = useInstalledConsumer();
  const stops = setup.stops;
  let consumer: Consumer;
  beforeEach(() => {
    consumer = setup.consumer();
  });

  it('the tarball holds the built JS and types, register.cjs, the otel/*.yaml files and the README, and no sources', () => {
    for (const file of [
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/lib/register.js',
      'dist/lib/telegram/grammy.d.ts',
      'register.cjs',
      'otel/otlp.yaml',
      'otel/both.yaml',
      'otel/prometheus.yaml',
      'README.md',
      'package.json',
    ]) {
      expect(consumer.files, file).to.include(file);
    }
    expect(consumer.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).to.deep.equal([]);
    expect(consumer.files.filter((f) => /^(spec|demo|bench|scripts|monitoring)\//.test(f))).to.deep.equal([]);
  });

  it('every relative link of the README to docs, CHANGELOG.md or LICENSE resolves inside the tarball; source links exist in the repository', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1] as string)
      .filter((target) => !/^[a-z]+:/i.test(target));
    expect(targets, 'the README links to the docs').to.include('docs/configuration.md');
    // Links into the sources (lib/, scripts/) are for readers of the repository.
    const source = (target: string): boolean => /^(lib|scripts)\//.test(target);
    expect(targets.filter((target) => !source(target) && !consumer.files.includes(target))).to.deep.equal([]);
    expect(targets.filter((target) => source(target) && !existsSync(join(ROOT, target)))).to.deep.equal([]);
  });

  it(`a Prometheus-only production install has no gRPC, protobuf or OTLP exporter, one sdk-metrics, and fits in ${SIZE_BUDGET_MB} MB`, () => {
    const modules = join(consumer.dir, 'node_modules');
    for (const heavy of [
      '@grpc/grpc-js',
      'protobufjs',
      '@opentelemetry/exporter-metrics-otlp-grpc',
      '@opentelemetry/exporter-metrics-otlp-proto',
      '@opentelemetry/exporter-metrics-otlp-http',
      '@opentelemetry/exporter-trace-otlp-proto',
      'typescript',
      '@types/node',
    ]) {
      expect(existsSync(join(modules, heavy)), heavy).to.equal(false);
    }
    const tree = JSON.parse(consumer.npm(['ls', '@opentelemetry/sdk-metrics', '--all', '--json'])) as object;
    const versions = new Set([...JSON.stringify(tree).matchAll(/"@opentelemetry\/sdk-metrics":\{"version":"([^"]+)"/g)].map((m) => m[1]));
    expect([...versions]).to.have.length(1);
    const size = bytesUnder(modules);
    process.stdout.write(`      production node_modules: ${(size / MB).toFixed(1)} MB (${process.version})\n`);
    expect(size / MB).to.be.at.most(SIZE_BUDGET_MB);
  });

  it('ESM: import, start, record a command, scrape it; service.version is the bot’s own package version', async () => {
    consumer.write('esm-bot.mjs', ESM_BOT);
    const port = await freePort();
    const bot = startBot(consumer.dir, ['esm-bot.mjs'], { PORT: String(port) });
    stops.push(bot.stop);
    await bot.ready;
    const scraped = await scrapeCommands(port);
    expect(scraped.value('/esm'), scraped.text).to.equal(1);
    expect(scraped.text).to.match(/target_info\{[^}]*service_version="1\.2\.3"/);
  });

  it('CommonJS: require() of the ESM package (require(esm)), start, record, scrape', async () => {
    consumer.write('cjs-bot.cjs', CJS_BOT);
    const port = await freePort();
    const bot = startBot(consumer.dir, ['cjs-bot.cjs'], { PORT: String(port) });
    stops.push(bot.stop);
    await bot.ready;
    const scraped = await scrapeCommands(port);
    expect(scraped.value('/cjs'), scraped.text).to.equal(1);
  });

  for (const [flag, file, text] of [
    ['--import', 'preloaded.mjs', PRELOADED_ESM],
    ['--require', 'preloaded.cjs', PRELOADED_CJS],
  ] as const) {
    it(`node ${flag} dmarket-bot-telemetry/register: /metrics from the environment, the bot’s recording scraped`, async () => {
      consumer.write(file, text);
      const port = await freePort();
      const bot = startBot(consumer.dir, [flag, 'dmarket-bot-telemetry/register', file], {
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
      });
      stops.push(bot.stop);
      expect(await bot.ready).to.equal('READY prometheus');
      const scraped = await scrapeCommands(port);
      expect(scraped.value('/preloaded'), scraped.text).to.equal(1);
    });
  }

  it('OTEL_CONFIG_FILE pointing into the installed package (otel/prometheus.yaml) follows OTEL_EXPORTER_PROMETHEUS_*', async () => {
    consumer.write('preloaded.mjs', PRELOADED_ESM);
    const port = await freePort();
    const env = {
      OTEL_CONFIG_FILE: 'node_modules/dmarket-bot-telemetry/otel/prometheus.yaml',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
    };
    const bot = startBot(consumer.dir, ['--import', 'dmarket-bot-telemetry/register', 'preloaded.mjs'], env);
    stops.push(bot.stop);
    await bot.ready;
    expect((await scrapeCommands(port)).value('/preloaded')).to.equal(1);
    const resolved = execFileSync(process.execPath, ['-p', "require.resolve('dmarket-bot-telemetry/otel/otlp.yaml')"], {
      cwd: consumer.dir,
      encoding: 'utf8',
    }).trim();
    expect(resolved).to.equal(join(consumer.dir, 'node_modules/dmarket-bot-telemetry/otel/otlp.yaml'));
  });

  for (const [protocol, pkg] of [
    ['http/protobuf', '@opentelemetry/exporter-metrics-otlp-proto'],
    ['grpc', '@opentelemetry/exporter-metrics-otlp-grpc and @grpc/grpc-js'],
  ] as const) {
    it(`an OTLP ${protocol} exporter whose optional package is missing rejects startTelemetry with a TelemetryConfigError naming ${pkg}`, async () => {
      consumer.write('missing.mjs', MISSING_EXPORTER);
      const bot = startBot(consumer.dir, ['missing.mjs'], { PROTOCOL: protocol });
      stops.push(bot.stop);
      const result = JSON.parse((await bot.ready).slice('READY '.length)) as { configError: boolean; missing: string[]; message: string };
      expect(result.configError).to.equal(true);
      expect(result.missing.join(' and ')).to.equal(pkg);
      expect(result.message).to.contain(pkg).and.contain('npm i ');
    });
  }

  it('the preload logs the missing exporter package and runs on without it (/metrics still served)', async () => {
    consumer.write('preloaded.mjs', PRELOADED_ESM);
    const port = await freePort();
    const env = {
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
    };
    const bot = startBot(consumer.dir, ['--import', 'dmarket-bot-telemetry/register', 'preloaded.mjs'], env);
    stops.push(bot.stop);
    expect(await bot.ready).to.equal('READY prometheus');
    expect(bot.output()).to.contain('@opentelemetry/exporter-metrics-otlp-proto').and.contain('runs without that exporter');
    expect((await scrapeCommands(port)).value('/preloaded')).to.equal(1);
  });

  it('spans: OTEL_TRACES_EXPORTER=console loads the tracing SDK and the http/undici instrumentations on demand', async () => {
    consumer.write('spans.mjs', SPANS_BOT);
    const bot = startBot(consumer.dir, ['spans.mjs'], {});
    stops.push(bot.stop);
    await bot.ready;
    await bot.stop();
    expect(bot.output()).to.contain("name: 'GET /account/v1/balance'").and.contain("name: 'GET /account/v1/user'");
    expect(bot.output()).to.not.contain('secret=1');
  });

  // Last: it installs an optional peer into the scratch project.
  it('with the optional peer installed, otel/otlp.yaml from the package pushes to OTEL_EXPORTER_OTLP_ENDPOINT, still one sdk-metrics', async function () {
    this.timeout(300_000);
    const version = (
      JSON.parse(
        execFileSync(process.execPath, ['-p', "JSON.stringify(require('./package.json').devDependencies)"], {
          cwd: ROOT,
          encoding: 'utf8',
        }),
      ) as Record<string, string>
    )['@opentelemetry/exporter-metrics-otlp-proto'];
    consumer.npm(['install', '--omit=dev', '--prefer-offline', `@opentelemetry/exporter-metrics-otlp-proto@${version}`]);
    const tree = consumer.npm(['ls', '@opentelemetry/sdk-metrics', '--all', '--parseable']).trim().split('\n');
    expect(tree.filter((line) => line.endsWith('/@opentelemetry/sdk-metrics'))).to.have.length(1);
    const receiver = await startOtlpReceiver();
    stops.push(() => receiver.close());
    consumer.write('preloaded.mjs', PRELOADED_ESM);
    const env = {
      OTEL_CONFIG_FILE: 'node_modules/dmarket-bot-telemetry/otel/otlp.yaml',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
      OTEL_EXPORTER_PROMETHEUS_PORT: String(await freePort()),
    };
    const bot = startBot(consumer.dir, ['--import', 'dmarket-bot-telemetry/register', 'preloaded.mjs'], env);
    stops.push(bot.stop);
    expect(await bot.ready).to.equal('READY otlp');
    // The file's 15 s interval is too long to wait for: the bot's SIGTERM handler shuts down, which flushes.
    expect(await bot.stop()).to.equal(0);
    const pushed = await eventually(
      async () => receiver.received.some((r) => r.decoded.metrics.some((m) => m.name === 'dmarket_bot_commands_total')),
      5_000,
    );
    expect(pushed, bot.output()).to.equal(true);
  });
});

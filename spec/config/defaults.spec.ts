import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withDefaults } from '../../lib/config/defaults.js';

/**
 * One options module (docs/architecture.md): every option default lives in lib/config/. Features
 * read resolved options (`ResolvedOptions`, `resolveOtlp`, `serviceVersion`, …), so a default
 * written anywhere else is a second source of truth that can drift.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const lib = join(root, 'lib');
const config = join(lib, 'config');

function libFiles(dir = lib): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return libFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every option name, read from the option interfaces themselves. */
function optionKeys(): string[] {
  const sources = ['options.ts', 'types.ts'].map((f) => readFileSync(join(config, f), 'utf8')).join('\n');
  return [...new Set([...sources.matchAll(/^\s+readonly (\w+)\?:/gm)].map((m) => m[1] as string))];
}

/** `x.port ?? 8000`, `x.traces ?? DEFAULT_…`, `x.runtimeMetrics !== false`: a default applied in place. */
export function inlineDefaults(source: string, keys: readonly string[]): string[] {
  const pattern = new RegExp(
    String.raw`\.(${keys.join('|')})\s*(?:\?\?\s*(?:['"\x60\[{]|-?\d|true\b|false\b|DEFAULT_)|[!=]==\s*(?:true|false)\b)[^\n;,)]*`,
    'g',
  );
  return [...source.matchAll(pattern)].map((m) => m[0]);
}

/** Where an option name is used with `??` for something that is not our option, with the reason. */
const NOT_OPTION_DEFAULTS: Readonly<Record<string, string>> = {
  // Basic auth of a user with no password is `user:`; the option itself has no default.
  "server/auth.ts .password ?? ''": 'basic-auth encoding',
  // A catalog entry without buckets (not the `buckets` option, which is the override before it).
  'sdk/instruments.ts .buckets ?? []': 'catalog entry',
  // Node's http.RequestOptions (`host`), not ours.
  "capture/span-instrumentation.ts .host ?? ''": 'node:http request options',
};

describe('config: every option default in lib/config/', () => {
  const files = libFiles().filter((file) => !file.startsWith(config));

  it('DEFAULT_* constants are declared and exported only in lib/config/ (features import them, never re-export)', () => {
    const found = files.flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      return [...source.matchAll(/^(?:export )?(?:const|let) (DEFAULT_\w+)|^export \{[^}]*\b(DEFAULT_\w+)/gm)].map(
        (m) => `${relative(lib, file)}: ${m[1] ?? m[2]}`,
      );
    });
    expect(found).to.deep.equal([]);
  });

  it('no option default is applied outside lib/config/ (features read resolved options)', () => {
    const keys = optionKeys();
    expect(keys, 'option names read from config/options.ts').to.include.members(['port', 'traces', 'seriesLimit', 'protocol']);
    const found = files.flatMap((file) =>
      inlineDefaults(readFileSync(file, 'utf8'), keys).map((hit) => `${relative(lib, file)} ${hit.trim()}`),
    );
    const unexplained = found.filter((hit) => !Object.keys(NOT_OPTION_DEFAULTS).some((known) => hit.startsWith(known)));
    expect(unexplained).to.deep.equal([]);
    // The exceptions still exist (a stale list would hide a new hit behind an old excuse).
    for (const known of Object.keys(NOT_OPTION_DEFAULTS))
      expect(
        found.some((hit) => hit.startsWith(known)),
        known,
      ).to.equal(true);
  });

  it('the check sees each form of an inline default', () => {
    const keys = ['port', 'traces', 'runtimeMetrics', 'protocol'];
    expect(inlineDefaults('const p = options.port ?? 8000;', keys)).to.have.length(1);
    expect(inlineDefaults("const p = otlp.protocol ?? 'http/protobuf';", keys)).to.have.length(1);
    expect(inlineDefaults('if (options.runtimeMetrics !== false) start();', keys)).to.have.length(1);
    expect(inlineDefaults('const t = input.traces ?? DEFAULT_TRACES;', keys)).to.have.length(1);
    expect(inlineDefaults('const t = input.traces ?? registered();\nif (options.runtimeMetrics) start();', keys)).to.deep.equal([]);
  });

  it('withDefaults fills every option the pipeline reads, and keeps what was given', () => {
    const resolved = withDefaults({ env: {} });
    expect(resolved).to.include({ host: '0.0.0.0', port: 8000, registerGlobal: true, runtimeMetrics: true, autoInstrument: true });
    expect(resolved.metricsExporters).to.deep.equal(['prometheus']);
    expect(resolved.dmarketHosts).to.deep.equal(['api.dmarket.com']);
    expect(resolved.otlp).to.include({ protocol: 'http/protobuf', endpoint: 'http://localhost:4318/v1/metrics' });
    expect(withDefaults({ env: {}, otlp: { protocol: 'grpc' } }).otlp.endpoint).to.equal('http://localhost:4317');
    // The SDK requires timeout ≤ interval.
    expect(withDefaults({ env: {}, otlp: { exportIntervalMillis: 5000 } }).otlp.exportTimeoutMillis).to.equal(5000);
    expect(withDefaults({ env: { DMARKET_API_URL: 'https://proxy.example:8443' } }).dmarketHosts).to.deep.equal([
      'api.dmarket.com',
      'https://proxy.example:8443',
    ]);
    const given = withDefaults({ env: {}, port: 9464, runtimeMetrics: false, healthChecks: { eventLoopDelayMs: false } });
    expect(given).to.include({ port: 9464, runtimeMetrics: false });
    expect(given.healthChecks).to.deep.equal({
      eventLoopDelayMs: false,
      eventLoopWindowSeconds: 60,
      dmarketDegradedAfterSeconds: 300,
      dmarketFailAfterSeconds: false,
    });
    expect(withDefaults({ env: {}, resourceAttributes: { 'service.name': 'arb-bot' } }).serviceName).to.equal('arb-bot');
    // Spans default on when this layer exports traces (it registers the provider before capture starts).
    expect(withDefaults({ env: {}, tracesExporters: ['console'] }).traces).to.equal(true);
    expect(withDefaults({ env: {}, tracesExporters: ['console'], traces: false }).traces).to.equal(false);
  });
});

/**
 * `npm run bench:install`: what a bot pays to install and load the package. Packs the project,
 * installs the tarball with `--omit=dev` into a scratch project (Prometheus only: no optional
 * peers), then the same plus every OTLP exporter peer (what every bot paid before they became
 * optional); node_modules size both as file bytes and as disk usage (`du`), and the time of
 * `await import('dmarket-bot-telemetry')` in fresh processes, alternated with prom-client's
 * import as a side-by-side reference. NODE_BIN=/path/to/node runs the imports under another Node.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, median, table } from './support/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const NODE = process.env['NODE_BIN'] ?? process.execPath;
const PEERS = [
  '@opentelemetry/exporter-metrics-otlp-proto',
  '@opentelemetry/exporter-metrics-otlp-http',
  '@opentelemetry/exporter-metrics-otlp-grpc',
  '@opentelemetry/exporter-trace-otlp-proto',
  '@grpc/grpc-js',
];
const MB = 1024 * 1024;

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

const npm = (cwd: string, args: readonly string[]): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const du = (dir: string): number => Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]) / 1024;

/** Milliseconds of one `await import(spec)` in a fresh process (from inside it: no process start-up). */
function importMs(cwd: string, spec: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(spec)}); console.log(performance.now() - t);`;
  return Number(execFileSync(NODE, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' }).trim());
}

const top = mkdtempSync(join(tmpdir(), 'dmbt-bench-install-'));
try {
  const tarball = join(
    top,
    (JSON.parse(npm(ROOT, ['pack', '--json', '--pack-destination', top]).replace(/^[^[]*/, '')) as Array<{ filename: string }>)[0]
      ?.filename ?? '',
  );
  const peerVersions = JSON.parse(
    execFileSync(process.execPath, ['-p', "JSON.stringify(require('./package.json').devDependencies)"], { cwd: ROOT, encoding: 'utf8' }),
  ) as Record<string, string>;
  const rows: Array<Array<string | number>> = [];
  const dirs: Record<string, string> = {};
  for (const [name, extra] of [
    ['prometheus only', []],
    ['with every OTLP peer', PEERS.map((p) => `${p}@${peerVersions[p]}`)],
  ] as const) {
    const dir = join(top, name.replace(/\W+/g, '-'));
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-bot', version: '1.0.0', private: true, type: 'module' }));
    npm(dir, ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...extra]);
    const packages = npm(dir, ['ls', '--all', '--parseable', '--omit=dev']).trim().split('\n').length - 1;
    rows.push([name, packages, (bytesUnder(join(dir, 'node_modules')) / MB).toFixed(1), du(join(dir, 'node_modules')).toFixed(1)]);
    dirs[name] = dir;
  }
  process.stdout.write(`\n${machine()}, install with npm ${npm(ROOT, ['--version']).trim()}\n\n`);
  process.stdout.write(`${table(['production install', 'packages', 'MB (file bytes)', 'MB (du, 4 KiB blocks)'], rows)}\n\n`);

  const ours: number[] = [];
  const reference: number[] = [];
  const dir = dirs['prometheus only'] as string;
  const referenceDir = join(top, 'reference');
  mkdirSync(referenceDir);
  writeFileSync(
    join(referenceDir, 'package.json'),
    JSON.stringify({ name: 'reference-bot', version: '1.0.0', private: true, type: 'module' }),
  );
  npm(referenceDir, ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', 'prom-client@15.1.3']);
  importMs(dir, 'dmarket-bot-telemetry');
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(importMs(dir, 'dmarket-bot-telemetry'));
    reference.push(importMs(referenceDir, 'prom-client'));
  }
  const version = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();
  process.stdout.write(`import time, median of ${ROUNDS} fresh processes (Node ${version}):\n\n`);
  process.stdout.write(
    `${table(
      ['import', 'median ms', 'min ms'],
      [
        ['dmarket-bot-telemetry', median(ours).toFixed(0), Math.min(...ours).toFixed(0)],
        ['prom-client (reference)', median(reference).toFixed(0), Math.min(...reference).toFixed(0)],
      ],
    )}\n`,
  );
} finally {
  rmSync(top, { recursive: true, force: true });
}

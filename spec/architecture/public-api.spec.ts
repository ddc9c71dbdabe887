import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dtsSurface } from '../support/dts-surface.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SNAPSHOT = join(root, 'spec', 'golden', 'public-api.txt');
const UPDATE = 'UPDATE_API_SNAPSHOT=1 npx mocha --no-config --node-option import=tsx spec/architecture/public-api.spec.ts';

/** The `types` file of every entry point package.json exports (`.`, `./register`, `./grammy`, …). */
function typeEntries(): Array<[string, string]> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { types?: string }> };
  return Object.entries(pkg.exports).flatMap(([key, value]) =>
    typeof value === 'object' && value.types ? [[key, value.types] as [string, string]] : [],
  );
}

/**
 * The API as users get it, in one text: the names each entry point exports at run time, then
 * its published .d.ts surface (built here with the build's tsconfig, `stripInternal` on).
 * Changing the API means regenerating spec/golden/public-api.txt on purpose.
 */
async function currentSurface(outDir: string): Promise<string> {
  const tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], {
    cwd: root,
    stdio: 'pipe',
    timeout: 120_000,
  });
  const sections: string[] = [];
  const runtime: Record<string, string> = {
    '.': '../../lib/index.js',
    './grammy': '../../lib/telegram/grammy.js',
    './telegraf': '../../lib/telegram/telegraf.js',
  };
  for (const [entry, module] of Object.entries(runtime)) {
    const exports = (await import(module)) as Record<string, unknown>;
    const names = Object.keys(exports).sort();
    sections.push(`# run time: ${entry}`, ...names.map((n) => `  ${n}`));
    // Static members live at run time whatever the types say (an @internal one is stripped from them).
    for (const name of names) {
      const value = exports[name];
      if (typeof value !== 'function' || !/^class\b/.test(Function.prototype.toString.call(value))) continue;
      const statics = Object.getOwnPropertyNames(value).filter((k) => !['length', 'name', 'prototype'].includes(k));
      if (statics.length > 0) sections.push(`  ${name} statics: ${statics.sort().join(', ')}`);
    }
  }
  for (const [entry, types] of typeEntries()) {
    const file = join(outDir, types.replace(/^\.\/dist\//, ''));
    expect(existsSync(file), `${types} is built`).to.equal(true);
    sections.push(`# types: ${entry} (${types})`, ...dtsSurface(file));
  }
  return `${sections.join('\n')}\n`;
}

describe('architecture: the public API is deliberate', function () {
  this.timeout(180_000);
  let outDir: string;
  let surface: string;

  before(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'dmarket-api-'));
    surface = await currentSurface(outDir);
    if (process.env['UPDATE_API_SNAPSHOT'] === '1') writeFileSync(SNAPSHOT, surface);
  });

  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('the exported names and the published .d.ts surface match spec/golden/public-api.txt', () => {
    expect(surface, `the public API changed; if on purpose, run ${UPDATE} and commit the snapshot`).to.equal(
      readFileSync(SNAPSHOT, 'utf8'),
    );
  });

  it('nothing marked @internal reaches the published types, and every export resolves', () => {
    expect(surface).not.to.match(/\bstate: RecordingState|\bstartAs\b|\bsetActive\b|\bgetActive\b|\bcaptureProcessState\b/);
    const types = surface.slice(surface.indexOf('# types:'));
    expect(types).not.to.match(/\b(beginCapture|countDrop|dmarketCheck|cachedSeriesTuples|close)\(|\bstatic create\b/);
    // The process-wide slots are internal: their augmentations are stripped from the published types.
    for (const file of ['lib/start.d.ts', 'lib/preload.d.ts', 'lib/recording/metrics-collector.d.ts', 'lib/capture/capture-sink.d.ts']) {
      expect(readFileSync(join(outDir, file), 'utf8'), file).not.to.match(/declare module|ProcessSlots|globalInstance|staticTarget/);
    }
    expect(surface).not.to.include('<unresolved>');
  });

  it('the static MetricsCollector calls are declared in the types (editors navigate to them)', () => {
    for (const call of ['recordCommand', 'recordApiRequest', 'updateBalance', 'updateRateLimit', 'measureTime']) {
      expect(surface).to.match(new RegExp(`^\\s+static ${call}\\b`, 'm'));
    }
  });
});

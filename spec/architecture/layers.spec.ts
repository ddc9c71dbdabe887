import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { lib, libFiles, moduleReferences, relativeImports, resolveSpecifier, root, unitOf, type ModuleReference } from './support/scan.js';

/**
 * The layer order of lib/ (docs/architecture.md), lowest first. A module may import from its own
 * unit (folder, or top-level file) and from units of lower layers, never from its own layer's
 * other units or from a higher layer. Type-only imports count too: they couple the same way.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['process-state'],
  ['dmarket'],
  ['labels'],
  ['catalog'],
  ['config'],
  ['sdk'],
  ['active-users'],
  ['recording'],
  ['capture', 'telegram', 'runtime', 'prometheus'],
  ['server'],
  ['handle', 'signals'],
  ['start'],
  ['preload'],
  ['seed-compat', 'register'],
  ['index'],
];

function layerOf(unit: string): number {
  return LAYERS.findIndex((layer) => layer.includes(unit));
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

/** Packages lib/ may load: what an install brings (dependencies, peers) and Node's own modules. */
const EXTERNAL = new Set([
  ...Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies }),
  ...builtinModules,
]);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; `node:x` stays. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Why `reference` from `file` goes against the architecture, or undefined when it does not. */
function problem(file: string, { specifier, form }: ModuleReference): string | undefined {
  const from = unitOf(file);
  if (specifier === undefined) return `${form} whose argument is not a string literal: unverifiable ${form}`;
  if (!specifier.startsWith('.')) {
    const name = packageOf(specifier);
    // Through the package's own exports map an import reaches any layer unseen by this check.
    if (name === pkg.name) return `${form} of the package's own name ${specifier}: import by relative path`;
    if (specifier.startsWith('node:') || EXTERNAL.has(name)) return undefined;
    return `${form} of ${specifier}, which package.json declares neither as dependency nor as peer: unknown package`;
  }
  const target = resolveSpecifier(file, specifier);
  if (!target.startsWith(lib + '/')) return `${form} of ${specifier}, outside lib/ (not in the published package)`;
  const to = unitOf(target);
  if (to === from || layerOf(to) < layerOf(from)) return undefined;
  return `${form} of ${specifier} (${to}): against the layer order`;
}

/** The references of `file` (with `source`) that go against the architecture, as readable lines. */
export function violations(file: string, source: string): string[] {
  return moduleReferences(source).flatMap((reference) => {
    const why = problem(file, reference);
    return why ? [`${relative(root, file)}:${reference.line} (${unitOf(file)}) ${why}`] : [];
  });
}

/** Import cycles between the files of lib/ (type-only imports too), each as `a → b → a`. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): void => {
    const at = path.indexOf(file);
    if (at !== -1) return void found.push([...path.slice(at), file].map((f) => relative(lib, f)).join(' → '));
    if (done.has(file)) return;
    path.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    path.pop();
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return found;
}

/**
 * The unit rows of the first diagram in docs/architecture.md, lowest first: the words left of
 * the description column (where the first row's description starts).
 */
export function diagramLayers(doc: string): string[][] {
  const diagram = /^```\n([\s\S]*?)^```/m.exec(doc)?.[1] ?? '';
  const lines = diagram.split('\n').filter((line) => line.trim() !== '');
  const first = /^(\s*\S+\s{3,})\S/.exec(lines[0] ?? '');
  const column = first?.[1]?.length ?? 0;
  return lines
    .map((line) => line.slice(0, column).match(/[a-z][a-z-]*/g) ?? [])
    .filter((units) => units.length > 0)
    .reverse();
}

describe('architecture: one-way layers', () => {
  const files = libFiles();

  it('every unit of lib/ has a place in the layer order', () => {
    const units = [...new Set(files.map(unitOf))];
    expect(
      units.filter((u) => layerOf(u) === -1),
      'add new folders to LAYERS and docs/architecture.md',
    ).to.deep.equal([]);
  });

  it('every import in lib/ points to the same unit or a lower layer, or to a declared package', () => {
    const found = files.flatMap((file) => violations(file, readFileSync(file, 'utf8')));
    expect(found).to.deep.equal([]);
  });

  it('the scanner finds every static relative import a line-based reading finds', () => {
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const lines = [...source.matchAll(/^(?:import|export)\b[^;]*?\sfrom '(\.[^']+)'/gms)].map((m) => m[1]);
      expect(relativeImports(source), relative(root, file)).to.include.members(lines);
    }
  });

  it('the check sees a back-import in every form (value, type-only, re-export, dynamic, augmentation)', () => {
    const labels = join(lib, 'labels', 'example.ts');
    for (const source of [
      "import { startTelemetry } from '../start.js';",
      "import type { TelemetryHandle } from '../handle.js';",
      "export { MetricsCollector } from '../recording/metrics-collector.js';",
      "const m = await import('../server/health.js');",
      "declare module '../start.js' {\n  interface X {\n    y: number;\n  }\n}",
    ]) {
      expect(violations(labels, source), source).to.have.length(1);
    }
    // Peers of one layer stay independent too.
    expect(violations(join(lib, 'capture', 'x.ts'), "import '../telegram/redact.js';")).to.have.length(1);
    expect(violations(join(lib, 'capture', 'x.ts'), "import { pathOf } from '../dmarket/path.js';")).to.deep.equal([]);
  });

  it('the check sees the imports a static reading misses (require, computed import(), own package name)', () => {
    const labels = join(lib, 'labels', 'example.ts');
    for (const source of [
      // A function from createRequire, called at once or through its name (also an `as` alias).
      "import { createRequire } from 'node:module';\nconst m = createRequire(import.meta.url)('../start.js');",
      "const nodeRequire = createRequire(import.meta.url);\nconst { x } = nodeRequire('../server/health.js') as X;",
      "import { createRequire as cr } from 'node:module';\nconst load = cr(import.meta.url);\nload('../recording/metrics-collector.js');",
      "import health = require('../server/health.js');",
      "import * as mod from 'node:module';\nconst load = mod.createRequire(import.meta.url);\nload('../start.js');",
      "import * as mod from 'node:module';\nmod.createRequire(import.meta.url)('../start.js');",
      'const m = require(`../capture/setup.js`);',
      // Which module these load is known only at run time.
      'const m = await import(`../${unit}/index.js`);',
      'const m = await import(name);',
      "const m = await import('../' + 'start.js');",
      'const nodeRequire = createRequire(import.meta.url);\nconst m = nodeRequire(path);',
      // The package's own name reaches any layer through its exports map.
      "import { startTelemetry } from 'dmarket-bot-telemetry';",
      "const r = await import('dmarket-bot-telemetry/register');",
      // A package an install does not bring (a devDependency, a typo).
      "import { expect } from 'chai';",
      // Outside lib/: not in the published package.
      "import '../../spec/support/telemetry.js';",
    ]) {
      expect(violations(labels, source), source).to.have.length(1);
    }
    // Packages an install brings, by a literal name, in any form, and lower layers: fine.
    for (const source of [
      "const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');",
      "const m = createRequire(import.meta.url)(\n  '@opentelemetry/configuration',\n) as typeof import('@opentelemetry/configuration');",
      "const nodeRequire = createRequire(import.meta.url);\nnodeRequire('node:http');\nnodeRequire('../dmarket/path.js');",
      "import { createServer } from 'node:http';\nimport { Bot } from 'grammy';\nconst l = import.meta.url;",
      "const m = await import('../dmarket/path.js');\nconst s = 'require(\"../start.js\")'; // import('../start.js')",
    ]) {
      expect(violations(labels, source), source).to.deep.equal([]);
    }
  });

  it('lib/ has no import cycle, not even inside one unit', () => {
    const graph = new Map(
      files.map((file) => [
        file,
        relativeImports(readFileSync(file, 'utf8'))
          .map((specifier) => resolveSpecifier(file, specifier))
          .filter((target) => target.startsWith(lib + '/')),
      ]),
    );
    expect(cycles(graph)).to.deep.equal([]);
    // The check's own case: the cycle hot-series.ts ↔ recording-state.ts had (a type import back).
    const [a, b, c] = ['recording/hot-series.ts', 'recording/recording-state.ts', 'recording/pick.ts'].map((f) => join(lib, f));
    expect(
      cycles(
        new Map([
          [a as string, [c as string, b as string]],
          [b as string, [a as string]],
        ]),
      ),
    ).to.deep.equal(['recording/hot-series.ts → recording/recording-state.ts → recording/hot-series.ts']);
  });

  it('the diagram in docs/architecture.md lists the units in the order of LAYERS', () => {
    const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
    expect(diagramLayers(doc)).to.deep.equal(LAYERS);
    // Two rows swapped, or a unit moved into a peer row, is seen.
    const swapped = doc
      .replace(/^( +)sdk( *)$/m, '$1SWAP$2')
      .replace(/^( +)config( +)/m, '$1sdk   $2')
      .replace('SWAP', 'config');
    expect(diagramLayers(swapped)).to.not.deep.equal(LAYERS);
    expect(diagramLayers(doc.replace(' signals ', ' server  '))).to.not.deep.equal(LAYERS);
  });

  it('docs/architecture.md names every unit of the layer order', () => {
    const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
    const missing = LAYERS.flat().filter(
      (unit) => !doc.includes(`\`${unit}\``) && !doc.includes(`\`lib/${unit}/\``) && !doc.includes(`\`lib/${unit}.ts\``),
    );
    expect(missing).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filledSlots } from '../../lib/process-state.js';
import { startTestTelemetry } from '../support/telemetry.js';

/**
 * Process-wide state lives in lib/process-state.ts only (docs/architecture.md): a module-level
 * `let`, a module-level object or container that the module changes after loading, or a static
 * class field that is not readonly anywhere else in lib/ fails here. Bindings taken from the
 * registry (`const pending = ensureSlot(…)`) are registered state, so they are allowed.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const lib = join(root, 'lib');
const HOME = join(lib, 'process-state.ts');

function libFiles(dir = lib): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return libFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const ASSIGNED = String.raw`(?:\.\w+|\[[^\]]*\])*\s*(?:=(?!=)|\+\+|--|[-+*/%|&^]=|\?\?=|\|\|=|&&=)`;
const MUTATED = String.raw`(?:\.\w+)*\.(?:set|add|delete|clear|push|pop|shift|unshift|splice|sort|reverse|fill|copyWithin)\(`;

/** Module-level mutable state in `source` (formatted code: top-level statements start a line). */
export function moduleState(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^(?:export )?(let|var|const) (\w+)(?:[^=\n;]*=\s*(ensureSlot\()?)?/gm)) {
    const [, kind, name = '', registered] = m;
    if (kind !== 'const') {
      found.push(`${kind} ${name}`);
      continue;
    }
    if (registered) continue;
    const rest = source.slice((m.index ?? 0) + m[0].length);
    if (new RegExp(String.raw`\b${name}(?:${ASSIGNED}|${MUTATED})`).test(rest)) found.push(`const ${name} (changed after loading)`);
  }
  for (const m of source.matchAll(
    /^\s+(?:(?:private|protected|public) )?static (?!readonly\b|async\b|get\b|set\b)(#?\w+)\s*[?!]?\s*[:=]/gm,
  ))
    found.push(`static ${m[1]}`);
  return found;
}

describe('architecture: process-wide state in one module', () => {
  it('no module of lib/ but lib/process-state.ts keeps module-level mutable state', () => {
    const found = libFiles()
      .filter((file) => file !== HOME)
      .flatMap((file) => moduleState(readFileSync(file, 'utf8')).map((what) => `${relative(root, file)}: ${what}`));
    expect(found).to.deep.equal([]);
  });

  it('the check sees each form of module-level state, and leaves constants and locals alone', () => {
    for (const source of [
      'let started: Promise<void> | undefined;',
      'export let count = 0;',
      'const cache = new Map<string, string>();\nexport function put(k: string): void {\n  cache.set(k, k);\n}',
      'const state = { sink: undefined };\nexport function set(s: unknown): void {\n  state.sink = s;\n}',
      'const seen: string[] = [];\nexport const note = (s: string) => seen.push(s);',
      'class A {\n  private static active: A | undefined;\n}',
      'const counter = { n: 0 };\nexport const bump = () => counter.n++;',
    ]) {
      expect(moduleState(source), source).to.have.length(1);
    }
    for (const source of [
      "const NAMES: ReadonlySet<string> = new Set(['a']);\nexport const has = (n: string) => NAMES.has(n);",
      "export const BY_NAME = new Map([['a', 1]]);\nexport const get = (k: string) => BY_NAME.get(k);",
      "const pending = ensureSlot('httpPending', () => new WeakMap());\nexport const f = (r: object) => pending.set(r, {});",
      'export function f(): void {\n  let n = 0;\n  const m = new Map();\n  m.set(1, n++);\n}',
      'class A {\n  static readonly LIMIT = 3;\n  static create(): A {\n    return new A();\n  }\n}',
    ]) {
      expect(moduleState(source), source).to.deep.equal([]);
    }
  });

  it('after shutdown() nothing of the instance is left in the process state', async function () {
    this.timeout(20_000);
    const lasting = new Set(['httpPending', 'undiciPending', 'ports', 'spanInstrumentations', 'warnedNotStarted', 'preloadStart']);
    const before = filledSlots().filter((slot) => !lasting.has(slot));
    expect(before, 'an earlier spec left instance state behind').to.deep.equal([]);

    const handle = await startTestTelemetry({ autoInstrument: true, traces: true, runtimeMetrics: false });
    const running = filledSlots();
    expect(running).to.include.members([
      'globalInstance',
      'captureOwner',
      'captureSink',
      'captureUnsubscribe',
      'captureSpansOn',
      'staticTarget',
    ]);
    await handle.shutdown();
    expect(filledSlots().filter((slot) => !lasting.has(slot))).to.deep.equal([]);
  });
});

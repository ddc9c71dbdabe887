import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { filledSlots } from '../../lib/process-state.js';
import { startTestTelemetry } from '../support/telemetry.js';
import { lib, libFiles, PROCESS_STATE, root, unitOf } from './support/scan.js';
import { slotAccesses, slotDeclarations, type SlotDeclaration } from './support/slots.js';

/**
 * Process-wide state lives in lib/process-state.ts only (docs/architecture.md): a module-level
 * `let`, a module-level object or container that the module changes after loading, or a static
 * class field that is not readonly anywhere else in lib/ fails here. Bindings taken from the
 * registry (`const pending = ensureSlot(…)`) are registered state, so they are allowed.
 */
const HOME = PROCESS_STATE;

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

/**
 * Slot accesses outside the unit that declares the slot (by `declare module '…process-state.js'`,
 * or lib/process-state.ts itself), accesses to a slot nobody declares or by a computed name, and
 * slots declared twice. `sources` maps each file of lib/ to its text.
 */
export function slotProblems(sources: ReadonlyMap<string, string>): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  for (const [file, source] of sources) {
    for (const { slot } of slotDeclarations(file, source)) {
      const earlier = owners.get(slot);
      if (earlier) problems.push(`slot ${slot} is declared twice: ${relative(root, earlier)} and ${relative(root, file)}`);
      else owners.set(slot, file);
    }
  }
  for (const [file, source] of sources) {
    for (const { slot, call, line } of slotAccesses(source)) {
      const where = `${relative(root, file)}:${line} (${unitOf(file)})`;
      const owner = slot === undefined ? undefined : owners.get(slot);
      if (slot === undefined) problems.push(`${where} ${call} with a computed slot name: unverifiable`);
      else if (owner === undefined) problems.push(`${where} ${call}('${slot}'): no module declares that slot`);
      else if (unitOf(owner) !== unitOf(file))
        problems.push(`${where} ${call}('${slot}'): the slot belongs to ${unitOf(owner)} (${relative(root, owner)})`);
    }
  }
  return problems;
}

export interface SlotRow {
  readonly file: string;
  readonly lasting: boolean;
}

/** The slot table of docs/architecture.md (`| \`slot\` | \`lib/…\` | what it holds | yes/no |`), by slot. */
export function slotTable(doc: string): Map<string, SlotRow> {
  const lines = doc.split('\n');
  const rows = new Map<string, SlotRow>();
  for (const line of lines.slice(lines.indexOf('### Every slot') + 1)) {
    if (line.startsWith('#')) break;
    const cells = line.split('|').map((cell) => cell.trim().replace(/^`|`$/g, ''));
    if (cells.length < 6 || cells[1] === 'slot' || /^-+$/.test(cells[1] ?? '')) continue;
    rows.set(cells[1] as string, { file: cells[2] as string, lasting: cells[4] === 'yes' });
  }
  return rows;
}

/** Differences between the declared slots and the doc's table, as readable lines. */
export function tableProblems(declared: readonly SlotDeclaration[], table: ReadonlyMap<string, SlotRow>): string[] {
  const problems: string[] = [];
  const names = new Set(declared.map(({ slot }) => slot));
  for (const { slot, file } of declared) {
    const row = table.get(slot);
    const where = relative(root, file);
    if (!row) problems.push(`slot ${slot} (${where}) is missing from the table in docs/architecture.md`);
    else if (row.file !== where) problems.push(`slot ${slot}: the table says ${row.file}, it is declared in ${where}`);
  }
  for (const slot of table.keys())
    if (!names.has(slot)) problems.push(`the table in docs/architecture.md lists ${slot}, which no module declares`);
  return problems;
}

const doc = (): string => readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
const libSources = (): Map<string, string> => new Map(libFiles().map((file) => [file, readFileSync(file, 'utf8')]));
const declaredSlots = (): SlotDeclaration[] => [...libSources()].flatMap(([file, source]) => slotDeclarations(file, source));

describe('architecture: process-wide state in one module', () => {
  it('every slot is read, written and ensured only in the unit that declares it', () => {
    const sources = libSources();
    expect(declaredSlots(), 'the scan finds the slots').to.have.length.above(10);
    expect(slotProblems(sources)).to.deep.equal([]);
  });

  it('the slot check sees an access from another unit, to an undeclared slot, by a computed name, and a slot declared twice', () => {
    const state = readFileSync(HOME, 'utf8');
    const owner = join(lib, 'capture', 'sink.ts');
    const declaring =
      "declare module '../process-state.js' {\n  interface ProcessSlots {\n    /** Doc. */\n    sink: object;\n    readonly spansOn?: boolean;\n  }\n}\n";
    const sources = (extra: Record<string, string>): Map<string, string> =>
      new Map([
        [HOME, state],
        [owner, `${declaring}export const s = () => readSlot('sink');`],
        ...Object.entries(extra).map(([f, src]) => [join(lib, f), src] as [string, string]),
      ]);
    // The declaring unit, and another file of it, may use the slot; process-state's own slots belong to it.
    expect(slotProblems(sources({ 'capture/other.ts': "writeSlot('spansOn', true);\nensureSlot('sink', () => ({}));" }))).to.deep.equal([]);
    for (const [file, source] of [
      ['server/x.ts', "const s = readSlot('sink');"],
      ['start.ts', "import { writeSlot as put } from './process-state.js';\nput('spansOn', false);"],
      ['capture/other.ts', "readSlot('ports');"],
      ['capture/other.ts', "ensureSlot('nobodysSlot', () => 1);"],
      ['capture/other.ts', 'readSlot(name);'],
      ['server/x.ts', "import * as state from '../process-state.js';\nstate.readSlot('sink');"],
      ['server/x.ts', "readSlot<'sink'>('sink');"],
      ['server/x.ts', 'export const peek = readSlot;'],
      ['server/y.ts', "declare module '../process-state.js' {\n  interface ProcessSlots {\n    sink: object;\n  }\n}\n"],
    ] as const) {
      expect(slotProblems(sources({ [file]: source })), source).to.have.length(1);
    }
  });

  it('docs/architecture.md lists every slot, where it is declared, and no other', () => {
    const table = slotTable(doc());
    expect(table.size, 'the table is found').to.be.above(10);
    expect(tableProblems(declaredSlots(), table)).to.deep.equal([]);
    // The check's own cases: a slot missing, one that no longer exists, one declared elsewhere.
    const declared = declaredSlots();
    const fewer = new Map(table);
    fewer.delete('captureSink');
    expect(tableProblems(declared, fewer)).to.have.length(1);
    expect(tableProblems(declared, new Map([...table, ['gone', { file: 'lib/start.ts', lasting: false }]]))).to.have.length(1);
    const moved = new Map(table).set('globalInstance', { file: 'lib/preload.ts', lasting: false });
    expect(tableProblems(declared, moved)).to.have.length(1);
  });

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
    // What outlives an instance is the doc table's last column, so the table cannot claim it wrongly.
    const table = slotTable(doc());
    const lasting = new Set([...table].filter(([, row]) => row.lasting).map(([slot]) => slot));
    const instance = [...table].filter(([, row]) => !row.lasting).map(([slot]) => slot);
    const before = filledSlots().filter((slot) => !lasting.has(slot));
    expect(before, 'an earlier spec left instance state behind').to.deep.equal([]);

    const handle = await startTestTelemetry({ autoInstrument: true, traces: true, runtimeMetrics: false });
    const running = filledSlots();
    expect(instance).to.have.members([
      'globalInstance',
      'captureOwner',
      'captureSink',
      'captureUnsubscribe',
      'captureSpansOn',
      'staticTarget',
    ]);
    expect(running).to.include.members(instance);
    await handle.shutdown();
    expect(filledSlots().filter((slot) => !lasting.has(slot))).to.deep.equal([]);
  });
});

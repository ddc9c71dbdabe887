import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScanner, SyntaxKind } from 'typescript/unstable/ast';

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

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const lib = join(root, 'lib');

/** `lib/capture/setup.ts` → `capture`; `lib/start.ts` → `start`. */
function unitOf(file: string): string {
  const [first, ...rest] = relative(lib, file).split(/[\\/]/);
  return rest.length > 0 ? (first as string) : (first as string).replace(/\.ts$/, '');
}

function layerOf(unit: string): number {
  return LAYERS.findIndex((layer) => layer.includes(unit));
}

function libFiles(dir = lib): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return libFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** After these a `/` is a division; anywhere else it starts a regular expression. */
const OPERANDS = new Set<SyntaxKind>([
  SyntaxKind.Identifier,
  SyntaxKind.NumericLiteral,
  SyntaxKind.StringLiteral,
  SyntaxKind.CloseParenToken,
  SyntaxKind.CloseBracketToken,
  SyntaxKind.ThisKeyword,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateTail,
]);

/**
 * Every relative module specifier of a source: `import … from`, `export … from`, `import '…'`,
 * `import('…')` and `import type`, read with the TypeScript scanner (TS 7 ships its compiler as a
 * native binary; its JS package keeps the scanner), so strings, comments and regular expressions
 * never count. The scanner needs the parser's two hints: regex vs division, and template tails.
 */
export function relativeImports(source: string): string[] {
  const scanner = createScanner(true, undefined, source);
  const found: string[] = [];
  const templateBraces: number[] = [];
  let braces = 0;
  let previous = SyntaxKind.Unknown;
  let beforePrevious = SyntaxKind.Unknown;
  let end = -1;
  for (let token = scanner.scan(); token !== SyntaxKind.EndOfFile; token = scanner.scan()) {
    if ((token === SyntaxKind.SlashToken || token === SyntaxKind.SlashEqualsToken) && !OPERANDS.has(previous))
      token = scanner.reScanSlashToken();
    if (token === SyntaxKind.TemplateHead) templateBraces.push(braces);
    else if (token === SyntaxKind.OpenBraceToken) braces++;
    else if (token === SyntaxKind.CloseBraceToken && templateBraces.at(-1) === braces) {
      token = scanner.reScanTemplateToken(false);
      if (token === SyntaxKind.TemplateTail) templateBraces.pop();
    } else if (token === SyntaxKind.CloseBraceToken) braces--;
    if (scanner.getTokenEnd() <= end) throw new Error(`scanner stuck at offset ${end}`);
    end = scanner.getTokenEnd();
    // `declare module '…'` augments another module's types: it couples like an import.
    const afterImport =
      previous === SyntaxKind.ImportKeyword ||
      (previous === SyntaxKind.OpenParenToken && beforePrevious === SyntaxKind.ImportKeyword) ||
      (previous === SyntaxKind.ModuleKeyword && beforePrevious === SyntaxKind.DeclareKeyword);
    if (token === SyntaxKind.StringLiteral && (previous === SyntaxKind.FromKeyword || afterImport)) found.push(scanner.getTokenValue());
    beforePrevious = previous;
    previous = token;
  }
  return found.filter((name) => name.startsWith('.'));
}

/** The imports of `file` (with `source`) that go against the layer order, as readable lines. */
export function violations(file: string, source: string): string[] {
  const from = unitOf(file);
  const out: string[] = [];
  for (const specifier of relativeImports(source)) {
    const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
    if (!target.startsWith(lib)) continue;
    const to = unitOf(target);
    if (to === from) continue;
    if (layerOf(to) >= layerOf(from)) out.push(`${relative(root, file)} (${from}) imports ${specifier} (${to}): against the layer order`);
  }
  return out;
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

  it('every import in lib/ points to the same unit or a lower layer', () => {
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
      "export { MetricsCollector } from '../recording/singleton.js';",
      "const m = await import('../server/health.js');",
      "declare module '../start.js' {\n  interface X {\n    y: number;\n  }\n}",
    ]) {
      expect(violations(labels, source), source).to.have.length(1);
    }
    // Peers of one layer stay independent too.
    expect(violations(join(lib, 'capture', 'x.ts'), "import '../telegram/redact.js';")).to.have.length(1);
    expect(violations(join(lib, 'capture', 'x.ts'), "import { pathOf } from '../dmarket/path.js';")).to.deep.equal([]);
  });

  it('docs/architecture.md names every unit of the layer order', () => {
    const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
    const missing = LAYERS.flat().filter(
      (unit) => !doc.includes(`\`${unit}\``) && !doc.includes(`\`lib/${unit}/\``) && !doc.includes(`\`lib/${unit}.ts\``),
    );
    expect(missing).to.deep.equal([]);
  });
});

import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScanner, SyntaxKind } from 'typescript/unstable/ast';

/**
 * What the architecture specs read from the sources of lib/: every module reference (imports,
 * re-exports, dynamic imports, require calls, augmentations), and the tokens slots.ts reads.
 * Read with the TypeScript scanner (TS 7 ships its compiler as a native binary; its JS package
 * keeps the scanner), so strings, comments and regular expressions never count.
 */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const lib = join(root, 'lib');
export const PROCESS_STATE = join(lib, 'process-state.ts');

export function libFiles(dir = lib): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return libFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `lib/capture/setup.ts` → `capture`; `lib/start.ts` → `start`. */
export function unitOf(file: string): string {
  const [first, ...rest] = relative(lib, file).split(/[\\/]/);
  return rest.length > 0 ? (first as string) : (first as string).replace(/\.ts$/, '');
}

/** The lib/ source file a relative specifier of `file` names (`./x.js` → `…/x.ts`). */
export function resolveSpecifier(file: string, specifier: string): string {
  const target = resolve(dirname(file), specifier);
  return /\.[cm]?js$/.test(target) ? target.replace(/\.([cm]?)js$/, '.$1ts') : /\.\w+$/.test(target) ? target : `${target}.ts`;
}

export interface Token {
  readonly kind: SyntaxKind;
  /** The source text (`require`, `(`), or a literal's value. */
  readonly text: string;
  readonly line: number;
  /** The token starts a line (a member of a formatted interface body does). */
  readonly lineStart: boolean;
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

const LITERALS = new Set<SyntaxKind>([SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral]);

/** The tokens of a source. The scanner needs the parser's two hints: regex vs division, and template tails. */
export function tokens(source: string): Token[] {
  const scanner = createScanner(true, undefined, source);
  const out: Token[] = [];
  const templateBraces: number[] = [];
  let braces = 0;
  let previous = SyntaxKind.Unknown;
  let end = -1;
  let line = 1;
  let counted = 0;
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
    const start = scanner.getTokenStart();
    for (; counted < start; counted++) if (source.charCodeAt(counted) === 10) line++;
    const text = LITERALS.has(token) ? scanner.getTokenValue() : scanner.getTokenText();
    out.push({ kind: token, text, line, lineStart: scanner.hasPrecedingLineBreak() || out.length === 0 });
    previous = token;
  }
  return out;
}

export type ReferenceForm = 'import' | 'dynamic import' | 'require' | 'augmentation';

export interface ModuleReference {
  /** `undefined` when the argument is not a string literal: which module it loads cannot be checked. */
  readonly specifier: string | undefined;
  readonly form: ReferenceForm;
  readonly line: number;
}

/** A call's single argument at `at` (after its `(`): its value when it is a literal, else undefined. */
export function literalArgument(t: readonly Token[], at: number): string | undefined {
  const arg = t[at];
  const after = t[at + 1]?.kind;
  const alone = after === SyntaxKind.CloseParenToken || after === SyntaxKind.CommaToken;
  return arg && LITERALS.has(arg.kind) && alone ? arg.text : undefined;
}

/** The index of the `)` that closes the `(` at `open`. */
function closing(t: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    const kind = t[i]?.kind;
    if (kind === SyntaxKind.OpenParenToken) depth++;
    else if (kind === SyntaxKind.CloseParenToken && --depth === 0) return i;
  }
  return t.length;
}

const MEMBER_ACCESS = new Set<SyntaxKind>([SyntaxKind.DotToken, SyntaxKind.QuestionDotToken]);

/** Local names of `name` (`import { createRequire as cr }` adds `cr`). */
export function aliasesOf(t: readonly Token[], name: string): Set<string> {
  const names = new Set([name]);
  t.forEach((token, i) => {
    if (token.text === name && t[i + 1]?.kind === SyntaxKind.AsKeyword && t[i + 2]) names.add(t[i + 2]!.text);
  });
  return names;
}

/**
 * Every module a source refers to: `import … from`, `export … from`, `import '…'`, `import type`,
 * `import('…')` (also in types), `import x = require('…')`, `require('…')`, a function made by
 * `createRequire(…)` called directly or through the name it is bound to, and `declare module '…'`.
 */
export function moduleReferences(source: string): ModuleReference[] {
  const t = tokens(source);
  const found: ModuleReference[] = [];
  const creators = aliasesOf(t, 'createRequire');
  const requirers = new Set(['require']);
  t.forEach((token, i) => {
    const next = t[i + 1];
    if (creators.has(token.text) && next?.kind === SyntaxKind.OpenParenToken) {
      // `const load = createRequire(…)`, also `= mod.createRequire(…)`.
      let k = i;
      while (t[k - 1]?.kind === SyntaxKind.DotToken && t[k - 2]?.kind === SyntaxKind.Identifier) k -= 2;
      const bound = t[k - 1]?.kind === SyntaxKind.EqualsToken ? t[k - 2] : undefined;
      if (bound?.kind === SyntaxKind.Identifier) requirers.add(bound.text);
    }
  });
  t.forEach((token, i) => {
    const previous = t[i - 1];
    const next = t[i + 1];
    const add = (specifier: string | undefined, form: ReferenceForm): void => void found.push({ specifier, form, line: token.line });
    if (token.kind === SyntaxKind.StringLiteral) {
      if (previous?.kind === SyntaxKind.FromKeyword || previous?.kind === SyntaxKind.ImportKeyword) add(token.text, 'import');
      else if (previous?.kind === SyntaxKind.ModuleKeyword && t[i - 2]?.kind === SyntaxKind.DeclareKeyword) add(token.text, 'augmentation');
      return;
    }
    if (next?.kind !== SyntaxKind.OpenParenToken) return;
    // `x.import(…)` and `x.require(…)` are some object's methods; `mod.createRequire(…)` is the real one.
    const method = previous !== undefined && MEMBER_ACCESS.has(previous.kind);
    if (token.kind === SyntaxKind.ImportKeyword && !method) add(literalArgument(t, i + 2), 'dynamic import');
    else if (requirers.has(token.text) && !method && previous?.kind !== SyntaxKind.FunctionKeyword)
      add(literalArgument(t, i + 2), 'require');
    else if (creators.has(token.text)) {
      // `createRequire(import.meta.url)('…')`: the made function, called at once.
      const end = closing(t, i + 1);
      if (t[end + 1]?.kind === SyntaxKind.OpenParenToken) add(literalArgument(t, end + 2), 'require');
    }
  });
  return found;
}

/** The relative specifiers among `moduleReferences(source)`. */
export function relativeImports(source: string): string[] {
  return moduleReferences(source).flatMap((r) => (r.specifier?.startsWith('.') ? [r.specifier] : []));
}

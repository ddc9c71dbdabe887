import { SyntaxKind } from 'typescript/unstable/ast';
import { aliasesOf, literalArgument, PROCESS_STATE, resolveSpecifier, tokens, type Token } from './scan.js';

/**
 * The process-state slots of lib/ (docs/architecture.md): which module declares each slot (its
 * `declare module '…process-state.js'` block adds it to `ProcessSlots`) and which calls use it.
 */
export interface SlotDeclaration {
  readonly slot: string;
  readonly file: string;
}

export interface SlotAccess {
  readonly slot: string | undefined;
  readonly call: string;
  readonly line: number;
}

const SLOT_CALLS = ['readSlot', 'writeSlot', 'ensureSlot'];

/** The index just past the `}` closing the `{` at `open`. */
function blockEnd(t: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    const kind = t[i]?.kind;
    if (kind === SyntaxKind.OpenBraceToken) depth++;
    else if (kind === SyntaxKind.CloseBraceToken && --depth === 0) return i + 1;
  }
  return t.length;
}

const OPENERS = new Set<SyntaxKind>([
  SyntaxKind.OpenBraceToken,
  SyntaxKind.OpenParenToken,
  SyntaxKind.OpenBracketToken,
  SyntaxKind.LessThanToken,
]);
const CLOSERS = new Set<SyntaxKind>([
  SyntaxKind.CloseBraceToken,
  SyntaxKind.CloseParenToken,
  SyntaxKind.CloseBracketToken,
  SyntaxKind.GreaterThanToken,
]);
const NAME_BEFORE = new Set<SyntaxKind>([
  SyntaxKind.OpenBraceToken,
  SyntaxKind.SemicolonToken,
  SyntaxKind.CommaToken,
  SyntaxKind.ReadonlyKeyword,
]);

/** The member names of the interface body whose `{` is at `open` (`name:` or `name?:` directly in it). */
function memberNames(t: readonly Token[], open: number): string[] {
  const names: string[] = [];
  const end = blockEnd(t, open);
  let depth = 0;
  for (let i = open; i < end; i++) {
    const token = t[i] as Token;
    if (OPENERS.has(token.kind)) depth++;
    else if (CLOSERS.has(token.kind)) depth--;
    else if (depth === 1 && (token.lineStart || NAME_BEFORE.has(t[i - 1]?.kind ?? SyntaxKind.Unknown))) {
      const colon = t[i + 1]?.kind === SyntaxKind.QuestionToken ? t[i + 2] : t[i + 1];
      if (colon?.kind === SyntaxKind.ColonToken && token.kind !== SyntaxKind.ReadonlyKeyword) names.push(token.text);
    }
  }
  return names;
}

/**
 * The slots `file` adds to `ProcessSlots`: in lib/process-state.ts its own interface, anywhere
 * else the interface inside `declare module '…process-state.js' { … }`.
 */
export function slotDeclarations(file: string, source: string): SlotDeclaration[] {
  const t = tokens(source);
  const found: SlotDeclaration[] = [];
  const add = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      if (t[i]?.kind === SyntaxKind.InterfaceKeyword && t[i + 1]?.text === 'ProcessSlots' && t[i + 2]?.kind === SyntaxKind.OpenBraceToken)
        found.push(...memberNames(t, i + 2).map((slot) => ({ slot, file })));
    }
  };
  if (file === PROCESS_STATE) {
    add(0, t.length);
    return found;
  }
  t.forEach((token, i) => {
    if (token.kind !== SyntaxKind.DeclareKeyword || t[i + 1]?.kind !== SyntaxKind.ModuleKeyword) return;
    const name = t[i + 2];
    if (name?.kind !== SyntaxKind.StringLiteral || !name.text.startsWith('.') || t[i + 3]?.kind !== SyntaxKind.OpenBraceToken) return;
    if (resolveSpecifier(file, name.text) === PROCESS_STATE) add(i + 3, blockEnd(t, i + 3));
  });
  return found;
}

/** The name at `i` is one of an `import { … }` / `export { … }` list (not an object literal). */
function inImportList(t: readonly Token[], i: number): boolean {
  let k = i;
  while (k > 0 && [SyntaxKind.Identifier, SyntaxKind.CommaToken, SyntaxKind.AsKeyword, SyntaxKind.TypeKeyword].includes(t[k - 1]!.kind))
    k--;
  if (t[k - 1]?.kind !== SyntaxKind.OpenBraceToken) return false;
  const before = t[k - 2]?.kind;
  return (
    before === SyntaxKind.ImportKeyword ||
    before === SyntaxKind.ExportKeyword ||
    before === SyntaxKind.TypeKeyword ||
    before === SyntaxKind.CommaToken
  );
}

/**
 * Every `readSlot(…)`, `writeSlot(…)`, `ensureSlot(…)` call (also under an `as` alias or on a
 * namespace import) and the slot it names; one of them passed around as a value counts as a call
 * with an unknown slot, since where it is called cannot be followed.
 */
export function slotAccesses(source: string): SlotAccess[] {
  const t = tokens(source);
  const names = new Map<string, string>();
  for (const call of SLOT_CALLS) for (const alias of aliasesOf(t, call)) names.set(alias, call);
  const found: SlotAccess[] = [];
  t.forEach((token, i) => {
    const call = names.get(token.text);
    if (!call || token.kind !== SyntaxKind.Identifier || inImportList(t, i)) return;
    if (t[i - 1]?.kind === SyntaxKind.FunctionKeyword || t[i - 1]?.kind === SyntaxKind.TypeOfKeyword) return;
    let open = i + 1;
    if (t[open]?.kind === SyntaxKind.LessThanToken) {
      // `readSlot<'x'>(…)`: past the explicit type arguments.
      while (open < t.length && t[open]?.kind !== SyntaxKind.GreaterThanToken) open++;
      open++;
    }
    found.push({ slot: t[open]?.kind === SyntaxKind.OpenParenToken ? literalArgument(t, open + 1) : undefined, call, line: token.line });
  });
  return found;
}

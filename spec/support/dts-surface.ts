import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The published type surface of an emitted .d.ts entry point: every exported name, followed
 * through re-exports to its declaration, printed without comments and private members. tsc
 * prints declarations one statement per line at column 0 with indented bodies, which is what
 * this reads; a name it cannot resolve is listed as unresolved, so the snapshot shows it.
 */
export function dtsSurface(entry: string): string[] {
  const out: string[] = [];
  for (const [name, target] of [...exportsOf(entry, new Set())].sort(([a], [b]) => a.localeCompare(b))) {
    const declarations = target ? declarationsOf(target.file, target.local) : [];
    out.push(`export ${name}${target && target.local !== name ? ` (= ${target.local} in ${relative(dirname(entry), target.file)})` : ''}`);
    if (declarations.length === 0) out.push('  <unresolved>');
    for (const line of declarations) out.push(`  ${line}`);
    for (const base of target ? basesOf(target.file, declarations) : [])
      out.push(`  (base ${base.local})`, ...declarationsOf(base.file, base.local).map((l) => `  ${l}`));
  }
  return out;
}

/** A class's base classes, up the chain: their public members are part of the instance API. */
function basesOf(file: string, declarations: readonly string[]): Target[] {
  const base = /^export declare (?:abstract )?class \S+(?:<[^>]*>)? extends ([A-Za-z_$][\w$]*)/.exec(declarations[0] ?? '')?.[1];
  const target = base ? resolveLocal(file, base) : undefined;
  return target ? [target, ...basesOf(target.file, declarationsOf(target.file, target.local))] : [];
}

interface Target {
  readonly file: string;
  readonly local: string;
}

const SPECIFIERS = /^export (?:type )?\{([^}]*)\}(?: from '([^']+)')?;$/;

function exportsOf(file: string, seen: Set<string>): Map<string, Target | undefined> {
  const found = new Map<string, Target | undefined>();
  if (seen.has(file) || !existsSync(file)) return found;
  seen.add(file);
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const line of lines) {
    const star = /^export \* from '([^']+)';$/.exec(line);
    if (star) for (const [k, v] of exportsOf(sibling(file, star[1] as string), seen)) found.set(k, v);
    const list = SPECIFIERS.exec(line);
    if (list) {
      for (const spec of (list[1] as string)
        .split(',')
        .map((s) => s.trim().replace(/^type /, ''))
        .filter(Boolean)) {
        const [local, exported = local] = spec.split(/\s+as\s+/) as [string, string?];
        found.set(exported, list[2] ? resolveIn(sibling(file, list[2]), local) : resolveLocal(file, local));
      }
    }
    const declared =
      /^export (?:declare )?(?:abstract )?(?:class|function|const|let|interface|type|enum|namespace) ([A-Za-z_$][\w$]*)/.exec(line);
    if (declared) found.set(declared[1] as string, { file, local: declared[1] as string });
  }
  return found;
}

function resolveIn(file: string, name: string): Target | undefined {
  return exportsOf(file, new Set()).get(name);
}

/** A name used in `export { name }` without `from`: declared here, or imported. */
function resolveLocal(file: string, name: string): Target | undefined {
  const text = readFileSync(file, 'utf8');
  if (declarationsOf(file, name).length > 0) return { file, local: name };
  for (const match of text.matchAll(/^import (?:type )?\{([^}]*)\} from '([^']+)';$/gm)) {
    for (const spec of (match[1] as string).split(',').map((s) => s.trim().replace(/^type /, ''))) {
      const [imported, local = imported] = spec.split(/\s+as\s+/) as [string, string?];
      if (local === name) return resolveIn(sibling(file, match[2] as string), imported);
    }
  }
  return undefined;
}

/** The declaration statements of `name` in `file`, comments and private members (but a private constructor) dropped. */
function declarationsOf(file: string, name: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = new RegExp(
    `^(?:export )?(?:declare )?(?:abstract )?(?:class|function|const|let|interface|type|enum|namespace) ${name.replace(/\$/g, '\\$')}\\b`,
  );
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (!start.test(line)) return;
    out.push(line);
    for (let j = i + 1; j < lines.length && /^(\s|[}\])])/.test(lines[j] as string); j++) out.push(lines[j] as string);
  });
  // Private members are no API, but a private constructor is: it is what keeps `new` out.
  return out.filter((line) => !/^\s*(\/\*\*|\*|\/\/)/.test(line) && !/^\s+private (?!constructor\b)/.test(line));
}

function sibling(file: string, specifier: string): string {
  return join(dirname(file), specifier.replace(/\.js$/, '.d.ts'));
}

import { pathSegments } from './path.js';

/**
 * Route templates in a segment trie. Precedence, per segment from the left: a literal segment
 * beats a `{param}` (so `/offers/details` is never `/offers/{id}`), backtracking when the literal
 * branch dead-ends; a route that lists the request's method beats one that does not.
 */
interface Node {
  readonly literals: Map<string, Node>;
  param: Node | undefined;
  /** Template by method (`*` matches every method) for routes ending here. */
  readonly routes: Map<string, string>;
}

const ANY = '*';
/** Paths longer than this are no DMarket route (and not worth walking). */
const MAX_SEGMENTS = 16;

const node = (): Node => ({ literals: new Map(), param: undefined, routes: new Map() });

export class RouteMatcher {
  private readonly root = node();
  private readonly templates = new Set<string>();

  /** Registers a template such as `/marketplace-api/v1/deposit-status/{DepositID}`. */
  add(template: string, methods: readonly string[] = [ANY]): void {
    let at = this.root;
    for (const segment of pathSegments(template)) {
      if (isParam(segment)) at = at.param ??= node();
      else {
        let next = at.literals.get(segment);
        if (!next) at.literals.set(segment, (next = node()));
        at = next;
      }
    }
    const path = '/' + pathSegments(template).join('/');
    for (const method of methods) if (!at.routes.has(method.toUpperCase())) at.routes.set(method.toUpperCase(), path);
    this.templates.add(path);
  }

  /** The template for a wire path (already without query), or `undefined`. */
  match(path: string, method?: string): string | undefined {
    return this.matchSegments(pathSegments(path), method);
  }

  matchSegments(segments: readonly string[], method?: string): string | undefined {
    if (segments.length > MAX_SEGMENTS) return undefined;
    const wanted = method?.toUpperCase();
    if (wanted !== undefined) {
      const exact = walk(this.root, segments, 0, (routes) => routes.get(wanted) ?? routes.get(ANY));
      if (exact !== undefined) return exact;
    }
    // A known path called with another method is still that route.
    return walk(this.root, segments, 0, (routes) => routes.values().next().value);
  }

  /** True when the value is one of the registered templates, written as registered. */
  isTemplate(value: string): boolean {
    return this.templates.has(value);
  }
}

function walk(
  at: Node,
  segments: readonly string[],
  i: number,
  pick: (routes: Map<string, string>) => string | undefined,
): string | undefined {
  if (i === segments.length) return at.routes.size > 0 ? pick(at.routes) : undefined;
  const segment = segments[i] as string;
  const literal = at.literals.get(segment);
  const viaLiteral = literal && walk(literal, segments, i + 1, pick);
  if (viaLiteral !== undefined) return viaLiteral;
  return at.param ? walk(at.param, segments, i + 1, pick) : undefined;
}

function isParam(segment: string): boolean {
  return segment.length > 2 && segment.startsWith('{') && segment.endsWith('}');
}

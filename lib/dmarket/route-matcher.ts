/**
 * Turns a raw request path into its route template: static routes by one map lookup,
 * templated ones by comparing segments. Literal segments win over `{param}` ones.
 */
interface CompiledRoute {
  readonly template: string;
  /** Literal segment, or `undefined` where the template has a `{param}`. */
  readonly segments: readonly (string | undefined)[];
  readonly literalCount: number;
}

export class RouteMatcher {
  private readonly statics = new Map<string, string>();
  private readonly templated = new Map<number, CompiledRoute[]>();

  constructor(templates: Iterable<string> = []) {
    for (const template of templates) this.add(template);
  }

  /** Registers one template such as `/exchange/v1/offers/{offerId}`. */
  add(template: string): void {
    const path = normalizePath(template);
    const parts = splitPath(path);
    if (!parts.some(isParam)) {
      this.statics.set(path, path);
      return;
    }
    const segments = parts.map((part) => (isParam(part) ? undefined : part));
    const route = { template: path, segments, literalCount: segments.filter((s) => s !== undefined).length };
    const bucket = this.templated.get(parts.length) ?? [];
    bucket.push(route);
    // Most specific first, so `/a/b/{x}` beats `/a/{y}/{x}`.
    bucket.sort((a, b) => b.literalCount - a.literalCount);
    this.templated.set(parts.length, bucket);
  }

  /** The template for a path (query string and fragment ignored), or `undefined`. */
  match(rawPath: string): string | undefined {
    const path = normalizePath(rawPath);
    const hit = this.statics.get(path);
    if (hit !== undefined) return hit;
    const parts = splitPath(path);
    const candidates = this.templated.get(parts.length);
    if (!candidates) return undefined;
    for (const route of candidates) {
      if (route.segments.every((seg, i) => seg === undefined ? parts[i] !== '' : seg === parts[i])) {
        return route.template;
      }
    }
    return undefined;
  }

  /** True when the value is already one of the registered templates. */
  isTemplate(value: string): boolean {
    if (this.statics.has(value)) return true;
    const bucket = this.templated.get(splitPath(value).length) ?? [];
    return bucket.some((route) => route.template === value);
  }
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

/** Drops query and fragment, collapses a trailing slash: `/a/b/?q=1` → `/a/b`. */
export function normalizePath(raw: string): string {
  let end = raw.length;
  const q = raw.indexOf('?');
  if (q !== -1) end = q;
  const h = raw.indexOf('#');
  if (h !== -1 && h < end) end = h;
  let path = raw.slice(0, end);
  if (!path.startsWith('/')) path = '/' + path;
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

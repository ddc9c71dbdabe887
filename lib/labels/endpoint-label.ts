import { DMARKET_ROUTES } from '../dmarket/routes.js';
import { pathOf, pathSegments } from '../dmarket/path.js';
import { RouteMatcher } from '../dmarket/route-matcher.js';
import { templateUnknown } from '../dmarket/unknown-route.js';
import { OTHER } from './label-names.js';

/** Distinct templates of unknown routes exported before further ones fold into `other`. */
export const UNKNOWN_ROUTE_CAP = 50;

export interface EndpointTemplaterOptions {
  /** Extra templates (any method), e.g. `/my-proxy/v1/items/{id}`. */
  readonly extraTemplates?: readonly string[];
  readonly unknownRouteCap?: number;
  /** Called once per request whose unknown template was over the cap (it became `other`). */
  readonly onUnknownOverflow?: () => void;
}

/**
 * Where the `endpoint` label is made: a raw path or URL becomes its DMarket route template, an
 * unknown path its id-free template (bounded), else `other`. Query strings never take part.
 */
export class EndpointTemplater {
  private readonly matcher = new RouteMatcher();
  private readonly unknown = new Set<string>();
  private readonly cap: number;
  private readonly onOverflow: (() => void) | undefined;

  constructor(options: EndpointTemplaterOptions | readonly string[] = {}) {
    const opts: EndpointTemplaterOptions = Array.isArray(options)
      ? { extraTemplates: options as readonly string[] }
      : (options as EndpointTemplaterOptions);
    for (const route of DMARKET_ROUTES) this.matcher.add(route.template, route.methods);
    for (const template of opts.extraTemplates ?? []) this.matcher.add(template);
    this.cap = opts.unknownRouteCap ?? UNKNOWN_ROUTE_CAP;
    this.onOverflow = opts.onUnknownOverflow;
  }

  /** The known route template, or `undefined` (no unknown-route templating). */
  template(rawPathOrUrl: string, method?: string): string | undefined {
    const path = pathOf(rawPathOrUrl);
    if (this.matcher.isTemplate(path)) return path;
    return this.matcher.match(path, method);
  }

  /** The label value: known template, else the bounded unknown-route template, else `other`. */
  label(rawPathOrUrl: string, method?: string): string {
    const path = pathOf(rawPathOrUrl);
    if (this.matcher.isTemplate(path)) return path;
    const segments = pathSegments(path);
    const known = this.matcher.matchSegments(segments, method);
    if (known !== undefined) return known;
    const template = templateUnknown(segments);
    if (template === undefined) return OTHER;
    if (this.unknown.has(template)) return template;
    if (this.unknown.size >= this.cap) {
      this.onOverflow?.();
      return OTHER;
    }
    this.unknown.add(template);
    return template;
  }

  /** True when the value is one of the registered route templates. */
  isTemplate(value: string): boolean {
    return this.matcher.isTemplate(value);
  }

  /** Adds templates at run time (bot-specific or newly published DMarket routes). */
  addTemplates(templates: readonly string[]): void {
    for (const template of templates) this.matcher.add(template);
  }
}

export { pathOf };

import { DMARKET_ROUTES } from '../dmarket/routes.js';
import { normalizePath, RouteMatcher } from '../dmarket/route-matcher.js';

/**
 * Where the `endpoint` label is templated: a raw path or URL becomes its DMarket route
 * template (`/exchange/v1/offers/abc123?x=1` → `/exchange/v1/offers/{offerId}`).
 */
export class EndpointTemplater {
  private readonly matcher: RouteMatcher;

  constructor(extraTemplates: readonly string[] = []) {
    this.matcher = new RouteMatcher([...DMARKET_ROUTES, ...extraTemplates]);
  }

  /** The route template, or `undefined` when no template matches. */
  template(rawPathOrUrl: string): string | undefined {
    const path = pathOf(rawPathOrUrl);
    if (this.matcher.isTemplate(path)) return path;
    return this.matcher.match(path);
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

/** Path of an absolute URL, or the value itself, without query string or fragment. */
export function pathOf(raw: string): string {
  const scheme = raw.indexOf('://');
  if (scheme !== -1) {
    const slash = raw.indexOf('/', scheme + 3);
    return slash === -1 ? '/' : normalizePath(raw.slice(slash));
  }
  return normalizePath(raw);
}

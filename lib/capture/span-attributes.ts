import type { Span } from '@opentelemetry/api';

/** Semantic-convention attribute for the low-cardinality route of a client request. */
export const ATTR_URL_TEMPLATE = 'url.template';

/**
 * Names the client span after its route (`GET /exchange/v1/offers/{offerId}`) and overwrites
 * the URL attributes the instrumentations set, so no query string is ever exported.
 */
export function describeClientSpan(span: Span, method: string, template: string, urlWithoutQuery: string): void {
  if (!span.isRecording()) return;
  span.updateName(`${method} ${template}`);
  span.setAttribute(ATTR_URL_TEMPLATE, template);
  span.setAttribute('url.full', urlWithoutQuery);
  span.setAttribute('url.query', '');
}

/** `https://h/p?x=1#f` → `https://h/p`. */
export function stripQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

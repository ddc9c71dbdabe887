/**
 * Templates a path no known route matches: literal route words stay, anything that may be an
 * id or free text becomes `{id}`. Conservative on purpose: a word is kept only when it looks
 * like a REST path word, so a new DMarket route shows up by name and no id or title ever does.
 */
export const UNKNOWN_PLACEHOLDER = '{id}';
/** More segments than this is no API route: the whole path becomes `other`. */
export const MAX_UNKNOWN_SEGMENTS = 8;

/** lower-case start, letters, `-`, `_` (camelCase allowed: `sendMessage`), no digits. */
const WORD = /^[a-z][a-zA-Z_-]{0,39}$/;
/** `offers:batchCreate`-style custom verbs (AIP-136). */
const VERB = /^[a-z][a-zA-Z_-]{0,39}:[a-z][a-zA-Z]{0,39}$/;
const VERSION = /^v\d{1,3}(?:(?:alpha|beta)\d{0,3})?$/;
/** Lower-case hex runs are ids even without digits (`deadbeefcafe`). */
const HEXISH = /^[a-f]{8,}$/;

/** True when the (decoded) segment may be exported as is. */
export function isLiteralWord(segment: string): boolean {
  if (HEXISH.test(segment)) return false;
  return WORD.test(segment) || VERSION.test(segment) || VERB.test(segment);
}

/** `/foo/v2/items/9f3c…/Title%20X` → `/foo/v2/items/{id}/{id}`; `undefined` when too deep. */
export function templateUnknown(segments: readonly string[]): string | undefined {
  if (segments.length > MAX_UNKNOWN_SEGMENTS) return undefined;
  return '/' + segments.map((s) => (isLiteralWord(s) ? s : UNKNOWN_PLACEHOLDER)).join('/');
}

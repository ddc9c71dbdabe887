/**
 * Request targets as clients put them on the wire, reduced to what a route template is matched
 * against: no scheme or authority, no query or fragment, decoded non-empty segments.
 */

/** A scheme only at the very start (`https://h/p`): a `://` inside a query is no URL. */
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/** `https://h/p/?q=1#f` → `/p/`; `/a?next=https://x/y` → `/a`. */
export function pathOf(raw: string): string {
  let rest = raw;
  const scheme = SCHEME.exec(rest);
  if (scheme) {
    rest = rest.slice(scheme[0].length);
    const end = rest.search(/[/?#]/);
    rest = end === -1 || rest[end] !== '/' ? '/' : rest.slice(end);
  }
  const cut = rest.search(/[?#]/);
  if (cut !== -1) rest = rest.slice(0, cut);
  return rest.startsWith('/') ? rest : '/' + rest;
}

/**
 * Percent-decoded segments; empty ones (`//`, trailing `/`) dropped. A segment that is not
 * valid percent-encoding stays as sent (it can only ever match a parameter).
 */
export function pathSegments(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    out.push(raw.includes('%') ? decodeSegment(raw) : raw);
  }
  return out;
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `/a/b/?q=1` → `/a/b`: the form templates are written in. */
export function normalizePath(raw: string): string {
  return '/' + pathSegments(pathOf(raw)).join('/');
}

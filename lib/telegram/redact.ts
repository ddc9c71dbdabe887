/** A Bot API token: `<bot id>:<35 characters>`, alone or in a request path (`/bot<token>/getMe`). */
const TOKEN = /\d{5,}:[A-Za-z0-9_-]{30,}/g;
const URL_TOKEN = /\/bot[^/\s"'?]+/g;

/** The text with every Telegram bot token replaced by `<redacted>`. */
export function redactTokens(text: string): string {
  return text.replace(URL_TOKEN, '/bot<redacted>').replace(TOKEN, '<redacted>');
}

/** One line describing an error (with its cause), tokens redacted; the error object itself is never logged. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current !== undefined; depth++) {
    parts.push(current instanceof Error ? `${current.name}: ${current.message}` : String(current));
    current = current instanceof Error ? ((current as { error?: unknown }).error ?? current.cause) : undefined;
  }
  return redactTokens(parts.join(' ← ')).slice(0, 300);
}

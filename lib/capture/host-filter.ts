import { HEALTH_PATH, METRICS_PATH } from '../config/defaults.js';

/**
 * Which outgoing requests are DMarket API calls. Entries are `host`, `host:port` or a URL;
 * an entry without a port matches any port of that host.
 */
export class HostFilter {
  private readonly anyPort = new Set<string>();
  private readonly exact = new Set<string>();
  /** Origins and Host headers repeat on every request; remember each verdict (bounded). */
  private readonly verdicts = new Map<string, boolean>();

  constructor(entries: readonly string[]) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: string): void {
    this.verdicts.clear();
    const { host, port } = parseEntry(entry);
    if (port) this.exact.add(`${host}:${port}`);
    else this.anyPort.add(host);
  }

  matches(hostname: string, port: string | number | undefined): boolean {
    const host = bare(hostname);
    return this.anyPort.has(host) || (port !== undefined && this.exact.has(`${host}:${port}`));
  }

  /** Matches an HTTP Host header (`api.dmarket.com`, `127.0.0.1:8080`) of a request over `protocol`. */
  matchesHostHeader(hostHeader: string, protocol: string): boolean {
    return this.remember(`${protocol}//${hostHeader}`, () => {
      const { host, port } = parseEntry(hostHeader);
      return this.matches(host, port ?? (protocol === 'https:' ? '443' : '80'));
    });
  }

  /** Matches an undici origin such as `https://api.dmarket.com` or `http://127.0.0.1:8080`. */
  matchesOrigin(origin: string): boolean {
    return this.remember(origin, () => {
      const { host, port } = parseEntry(origin);
      return this.matches(host, port ?? (origin.startsWith('https:') ? '443' : '80'));
    });
  }

  private remember(key: string, decide: () => boolean): boolean {
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      verdict = decide();
      if (this.verdicts.size >= 256) this.verdicts.clear();
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }
}

function parseEntry(entry: string): { host: string; port: string | undefined } {
  let rest = entry.trim();
  const scheme = rest.indexOf('://');
  if (scheme !== -1) rest = rest.slice(scheme + 3);
  const slash = rest.indexOf('/');
  if (slash !== -1) rest = rest.slice(0, slash);
  const portMatch = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(rest);
  if (portMatch) return { host: bare(portMatch[1] as string), port: portMatch[2] };
  return { host: bare(rest), port: undefined };
}

/** Lower case, no IPv6 brackets, no trailing dot (`api.dmarket.com.` is the same host). */
function bare(host: string): string {
  let lower = host.toLowerCase();
  if (lower.startsWith('[') && lower.endsWith(']')) lower = lower.slice(1, -1);
  while (lower.endsWith('.')) lower = lower.slice(0, -1);
  return lower;
}

/** The telemetry server's own routes: a scrape of /metrics or /health is never a DMarket call. */
const OWN_PATHS: ReadonlySet<string> = new Set([METRICS_PATH, HEALTH_PATH]);

/** True for a request path (query ignored) of the telemetry server itself. */
export function isTelemetryPath(path: string): boolean {
  const cut = path.search(/[?#]/);
  let p = cut === -1 ? path : path.slice(0, cut);
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return OWN_PATHS.has(p);
}

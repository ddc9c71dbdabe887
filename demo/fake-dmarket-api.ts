/**
 * A fake DMarket HTTP API on 127.0.0.1 for the demo: every route of the table with realistic
 * bodies (fake-dmarket-bodies.ts), latencies of 50 ms–2 s, per-scope rate-limit windows (headers,
 * 429 with Retry-After), occasional 5xx, `410 Gone` for the deprecated route, and the
 * `revoked-key` scenario in which every signed call answers 401.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DMARKET_ROUTES } from '../lib/dmarket/routes.js';
import { pathOf } from '../lib/dmarket/path.js';
import { RouteMatcher } from '../lib/dmarket/route-matcher.js';
import { bodyFor } from './fake-dmarket-bodies.js';

export type DemoScenario = 'normal' | 'revoked-key';
export const DEMO_SCENARIOS: readonly DemoScenario[] = ['normal', 'revoked-key'];

export interface FakeApiOptions {
  /** Share of requests answered 429 besides the real window limit. */
  readonly rateLimitRate?: number;
  /** Share of requests answered 500/502/503. */
  readonly serverErrorRate?: number;
  /** Multiplies every latency (tests use < 1 to go faster). */
  readonly latencyScale?: number;
  readonly scenario?: DemoScenario;
}

export interface FakeApi {
  readonly url: string;
  close(): Promise<void>;
}

const WINDOW_SECONDS = 10;
/** Requests per window and scope (public bots assume ~30/min market, ~60/min balance). */
const LIMITS: Record<string, number> = { exchange: 60, 'marketplace-api': 90, account: 20 };

export async function startFakeDmarketApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  const routes = new RouteMatcher();
  for (const route of DMARKET_ROUTES) routes.add(route.template, route.methods);
  const deprecated = new Set(DMARKET_ROUTES.filter((r) => r.deprecated).map((r) => r.template));
  const windows = new Windows();
  const server: Server = createServer((req, res) => {
    const raw = req.url ?? '/';
    const template = routes.match(pathOf(raw), req.method);
    const query = new URLSearchParams(raw.includes('?') ? raw.slice(raw.indexOf('?') + 1) : '');
    const delay = latencyMs() * (options.latencyScale ?? 1);
    setTimeout(() => answer(req, res, template, query), delay).unref();
  });

  function answer(req: IncomingMessage, res: ServerResponse, template: string | undefined, query: URLSearchParams): void {
    req.resume();
    if (options.scenario === 'revoked-key' && req.headers['x-api-key'] !== undefined)
      return json(res, 401, { code: 'Unauthorized', message: 'api key revoked' });
    if (!template) return json(res, 404, { code: 'NotFound', message: 'unknown route' });
    if (deprecated.has(template)) return json(res, 410, { code: 'Gone', message: 'use POST /marketplace-api/v1/aggregated-prices' });
    const scope = template.split('/')[1] ?? 'api';
    const quota = windows.take(scope);
    res.setHeader('X-RateLimit-Limit', String(quota.limit));
    res.setHeader('X-RateLimit-Remaining', String(quota.remaining));
    res.setHeader('X-RateLimit-Reset', String(quota.resetSeconds));
    res.setHeader('X-RateLimit-Scope', scope);
    const roll = Math.random();
    const limited = options.rateLimitRate ?? 0.03;
    if (!quota.allowed || roll < limited) {
      res.setHeader('Retry-After', String(Math.max(1, quota.resetSeconds)));
      return json(res, 429, { code: 'TooManyRequests', message: 'rate limit exceeded' });
    }
    if (roll < limited + (options.serverErrorRate ?? 0.03))
      return json(res, [500, 502, 503][Math.floor(Math.random() * 3)] ?? 500, { code: 'Internal' });
    json(res, 200, bodyFor(template, query));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Fixed rate-limit windows per scope, as DMarket's headers describe them. */
class Windows {
  private readonly used = new Map<string, { count: number; start: number }>();

  take(scope: string): { allowed: boolean; limit: number; remaining: number; resetSeconds: number } {
    const limit = LIMITS[scope] ?? 30;
    const now = Date.now();
    let w = this.used.get(scope);
    if (!w || now - w.start >= WINDOW_SECONDS * 1000) this.used.set(scope, (w = { count: 0, start: now }));
    w.count++;
    const resetSeconds = Math.ceil((w.start + WINDOW_SECONDS * 1000 - now) / 1000);
    return { allowed: w.count <= limit, limit, remaining: Math.max(0, limit - w.count), resetSeconds };
  }
}

/** Mostly fast answers with a long tail up to 2 s, like the real API. */
function latencyMs(): number {
  const r = Math.random();
  if (r < 0.7) return 50 + Math.random() * 150;
  if (r < 0.95) return 200 + Math.random() * 600;
  return 800 + Math.random() * 1200;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * A fake DMarket HTTP API on 127.0.0.1 for the demo: the real route table, latencies of
 * 50 ms–2 s, occasional 429 (with Retry-After and rate-limit headers) and 5xx.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DMARKET_ROUTES } from '../lib/dmarket/routes.js';
import { RouteMatcher } from '../lib/dmarket/route-matcher.js';

export interface FakeApiOptions {
  /** Share of requests answered 429. */
  readonly rateLimitRate?: number;
  /** Share of requests answered 500/502/503. */
  readonly serverErrorRate?: number;
  /** Multiplies every latency (tests use < 1 to go faster). */
  readonly latencyScale?: number;
}

export interface FakeApi {
  readonly url: string;
  close(): Promise<void>;
}

const LIMIT = 60;

export async function startFakeDmarketApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  const routes = new RouteMatcher(DMARKET_ROUTES);
  let remaining = LIMIT;
  const refill = setInterval(() => (remaining = LIMIT), 10_000).unref();
  const server: Server = createServer((req, res) => {
    const template = routes.match(req.url ?? '/');
    const delay = latencyMs() * (options.latencyScale ?? 1);
    setTimeout(() => answer(req, res, template), delay).unref();
  });

  function answer(req: IncomingMessage, res: ServerResponse, template: string | undefined): void {
    req.resume();
    if (!template) return json(res, 404, { error: 'NotFound', message: 'unknown route' });
    remaining = Math.max(0, remaining - 1);
    res.setHeader('X-RateLimit-Limit', String(LIMIT));
    res.setHeader('X-RateLimit-Remaining', String(remaining));
    res.setHeader('X-RateLimit-Scope', template.split('/')[1] ?? 'api');
    const roll = Math.random();
    if (roll < (options.rateLimitRate ?? 0.03)) {
      res.setHeader('Retry-After', '2');
      return json(res, 429, { error: 'TooManyRequests' });
    }
    if (roll < (options.rateLimitRate ?? 0.03) + (options.serverErrorRate ?? 0.02)) {
      return json(res, [500, 502, 503][Math.floor(Math.random() * 3)] ?? 500, { error: 'Internal' });
    }
    json(res, 200, bodyFor(template));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(refill);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Mostly fast answers with a long tail up to 2 s, like the real API. */
function latencyMs(): number {
  const r = Math.random();
  if (r < 0.7) return 50 + Math.random() * 150;
  if (r < 0.95) return 200 + Math.random() * 600;
  return 800 + Math.random() * 1200;
}

function bodyFor(template: string): unknown {
  if (template.includes('balance')) return { usd: String(Math.round(100000 + Math.random() * 50000)), dmc: '0' };
  if (template.includes('market/items') || template.includes('market-items')) {
    return { objects: Array.from({ length: 5 }, (_, i) => ({ itemId: `item-${i}`, price: { USD: String(100 + i * 37) } })) };
  }
  return { ok: true };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

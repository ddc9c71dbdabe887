import { diag } from '@opentelemetry/api';
import { DEFAULT_METRICS_COMPRESSION } from '../config/defaults.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptsGzip, GZIP_MIN_BYTES, PROMETHEUS_CONTENT_TYPE, type Exposition, type MetricsCompression } from './exposition.js';
import type { HealthRegistry } from './health.js';
import { TelemetryListenError } from './listen-error.js';
import { portHolder } from '../process-state.js';
import { HEALTH_PATH, METRICS_PATH } from '../config/defaults.js';
import { authorized, challenge, type MetricsAuth } from './auth.js';
import { ConnectionGuard, CONNECTION_LIMITS, type ConnectionLimits } from './connection-guard.js';

export interface TelemetryServerOptions {
  readonly host: string;
  readonly port: number;
  readonly auth?: MetricsAuth;
  readonly compression?: MetricsCompression;
  readonly limits?: ConnectionLimits;
}

/** Most connections held at once: far above what scrapers and probes need, far below exhaustion. */
export const MAX_CONNECTIONS = CONNECTION_LIMITS.maxConnections;

type Route = (req: IncomingMessage, res: ServerResponse, head: boolean) => Promise<void>;

/**
 * Serves `/metrics` (when the Prometheus reader is on) and `/health` (always: it is the bot's
 * liveness endpoint): GET and HEAD only, 404 elsewhere, errors as short 500s.
 */
export class TelemetryServer {
  private readonly server: Server;
  private readonly routes: ReadonlyMap<string, Route>;
  private closing: Promise<void> | undefined;
  /** @internal Evictions and cuts, read by the reliability suite. */
  readonly guard: ConnectionGuard;

  constructor(
    private readonly options: TelemetryServerOptions,
    exposition: Exposition | undefined,
    health: HealthRegistry,
  ) {
    this.routes = new Map<string, Route>([
      [
        METRICS_PATH,
        async (req, res, head) => {
          if (!exposition)
            return this.respond(
              res,
              404,
              'text/plain; charset=utf-8',
              'the prometheus metric reader is off (see OTEL_METRICS_EXPORTER)\n',
              head,
            );
          const body = await exposition.render();
          res.setHeader('Vary', 'Accept-Encoding');
          const compress = (options.compression ?? DEFAULT_METRICS_COMPRESSION) === 'gzip';
          if (compress && body.plain.length >= GZIP_MIN_BYTES && acceptsGzip(req.headers['accept-encoding'])) {
            res.setHeader('Content-Encoding', 'gzip');
            return this.respond(res, 200, PROMETHEUS_CONTENT_TYPE, await body.gzipped(), head);
          }
          this.respond(res, 200, PROMETHEUS_CONTENT_TYPE, body.plain, head);
        },
      ],
      [
        HEALTH_PATH,
        async (_req, res, head) => {
          const report = await health.report();
          this.respond(res, report.status === 'fail' ? 503 : 200, 'application/json; charset=utf-8', JSON.stringify(report), head);
        },
      ],
    ]);
    // A scrape is one small GET: small header limit, short waits, and the timeouts checked every
    // second so a slow-loris client is cut off within seconds, not Node's default 30 s.
    this.server = createServer(
      { maxHeaderSize: 8192, headersTimeout: 5000, requestTimeout: 10_000, keepAliveTimeout: 5000, connectionsCheckingInterval: 1000 },
      (req, res) => this.handle(req, res),
    );
    // No `maxConnections`: Node would refuse new sockets at the cap, so hostile sockets holding
    // it would lock probes out; the guard admits every new socket by evicting an idle or stalled one.
    this.guard = new ConnectionGuard(options.limits);
    this.guard.attach(this.server);
  }

  /** Resolves once listening; rejects with a TelemetryListenError naming the address and cause. */
  listen(): Promise<void> {
    const { host, port } = this.options;
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        const holder = error.code === 'EADDRINUSE' ? portHolder(port) : undefined;
        reject(
          new TelemetryListenError(
            host,
            port,
            error,
            holder && `the port is already in use by another telemetry instance of this process (started by ${holder})`,
          ),
        );
      };
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        // Later socket errors must never become an unhandled 'error' event in the bot.
        this.server.on('error', (error) => diag.error('dmarket-bot-telemetry: metrics server error', error));
        resolve();
      });
    });
  }

  /** The bound address (the real port when 0 was asked for). */
  address(): { host: string; port: number } {
    const info = this.server.address() as AddressInfo | null;
    return { host: this.options.host, port: info?.port ?? this.options.port };
  }

  /** Stops accepting, drops idle keep-alive sockets and frees the port; safe to call twice. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      // Answers in flight get 2 s; the cut-off timer goes as soon as the server is closed.
      const cutOff = setTimeout(() => this.server.closeAllConnections(), 2000).unref();
      this.server.close(() => {
        clearTimeout(cutOff);
        resolve();
      });
      this.server.closeIdleConnections();
    });
    return this.closing;
  }

  /** Writes a whole response; its bytes must then be read by the client within the write deadline. */
  private respond(res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean): void {
    // While closing, an answer in flight ends its connection: nothing waits for the 2 s cut-off.
    if (this.closing) res.setHeader('Connection', 'close');
    write(res, status, type, body, head);
    this.guard.watchWrite(res);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.guard.request(req, res)) return;
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = this.routes.get(path);
    if (!route) return this.respond(res, 404, 'text/plain; charset=utf-8', 'not found\n', req.method === 'HEAD');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return this.respond(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', false);
    }
    if (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined) {
      res.setHeader('Connection', 'close');
      return this.respond(res, 413, 'text/plain; charset=utf-8', 'no request body is accepted\n', false);
    }
    const auth = this.options.auth;
    if (auth && (path === METRICS_PATH || auth.protectHealth) && !authorized(req, auth)) {
      res.setHeader('WWW-Authenticate', challenge(auth));
      return this.respond(res, 401, 'text/plain; charset=utf-8', 'unauthorized\n', false);
    }
    route(req, res, req.method === 'HEAD').catch((error: unknown) => {
      diag.error(`dmarket-bot-telemetry: ${path} failed`, error);
      if (!res.headersSent) {
        res.removeHeader('Content-Encoding');
        this.respond(res, 500, 'text/plain; charset=utf-8', `${path} failed: ${short(error)}\n`, false);
      } else res.destroy();
    });
  }
}

function write(res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', 'no-store');
  res.end(head ? undefined : body);
}

function short(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

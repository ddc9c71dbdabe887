import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

/** Marks the error we end export requests with at shutdown; not retryable, so no retry follows. */
export const SHUTDOWN_ERROR_CODE = 'ERR_DMARKET_TELEMETRY_SHUT_DOWN';

/** Longer than the OTLP exporter's largest retry backoff (5 s). */
const RETRY_WINDOW_MS = 10_000;
const CHANNEL = 'http.client.request.start';
const OTLP_USER_AGENT = 'OTel-OTLP-Exporter-JavaScript';

/**
 * Watches the HTTP requests the OTLP metric exporter makes to `endpoint`: every attempt's outcome
 * is reported at once (the exporter itself answers only after all its retries), and at shutdown
 * the requests still open are ended, so a hanging backend cannot keep the process alive.
 */
export class ExportAttempts {
  private readonly open = new Set<ClientRequest>();
  private readonly host: string;
  private readonly path: string;
  private closed = false;
  /** When an attempt last failed (a retry may follow it), for how long to watch after close. */
  private lastFailureAt: number | undefined;
  private readonly onStart = (message: unknown): void => {
    const request = (message as { request?: ClientRequest }).request;
    if (request && this.matches(request)) this.track(request);
  };

  constructor(
    endpoint: string,
    private readonly report: (ok: boolean, error?: string) => void,
  ) {
    const url = new URL(endpoint);
    this.host = url.host;
    this.path = url.pathname + url.search;
    subscribe(CHANNEL, this.onStart);
  }

  /** Ends every open export request and any later one; stops watching. */
  close(): void {
    this.closed = true;
    for (const request of this.open) end(request);
    this.open.clear();
    // A retry the exporter may already have scheduled (≤ 5 s after a failed attempt) is ended
    // too: stay subscribed that long after the last failure, and not at all when none failed.
    const lingerMs = this.lastFailureAt === undefined ? 0 : this.lastFailureAt + RETRY_WINDOW_MS - performance.now();
    if (lingerMs <= 0) this.stop();
    else setTimeout(() => this.stop(), lingerMs).unref();
  }

  /** Stops watching entirely (after the exporter is shut down). */
  stop(): void {
    unsubscribe(CHANNEL, this.onStart);
  }

  private matches(request: ClientRequest): boolean {
    const agent = String(request.getHeader('user-agent') ?? '');
    return agent.includes(OTLP_USER_AGENT) && request.path === this.path && String(request.getHeader('host') ?? '') === this.host;
  }

  private track(request: ClientRequest): void {
    if (this.closed) return end(request);
    this.open.add(request);
    request.once('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      if (!ok) this.lastFailureAt = performance.now();
      this.report(ok, ok ? undefined : `HTTP ${status}`);
    });
    request.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === SHUTDOWN_ERROR_CODE) return;
      this.lastFailureAt = performance.now();
      this.report(false, error.message);
    });
    request.once('close', () => this.open.delete(request));
  }
}

function end(request: ClientRequest): void {
  request.destroy(Object.assign(new Error('dmarket-bot-telemetry shut down'), { code: SHUTDOWN_ERROR_CODE }));
}

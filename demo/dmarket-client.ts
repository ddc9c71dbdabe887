/**
 * The demo bot's DMarket client: real `fetch` calls with (fake) signed headers, timed into
 * the API metrics through MetricsCollector.recordApiRequest.
 */
import { MetricsCollector } from '../lib/index.js';

export interface ApiResult {
  readonly ok: boolean;
  readonly status: number | string;
  readonly body: unknown;
}

export class DemoDmarketClient {
  constructor(
    private readonly baseUrl: string,
    private readonly onSuccess: () => void = () => undefined,
  ) {}

  async call(method: string, path: string): Promise<ApiResult> {
    const started = performance.now();
    let status: number | string = 'network_error';
    try {
      const res = await fetch(this.baseUrl + path, {
        method,
        headers: signedHeaders(),
        signal: AbortSignal.timeout(5000),
      });
      status = res.status;
      const body: unknown = await res.json().catch(() => undefined);
      if (res.ok) this.onSuccess();
      return { ok: res.ok, status, body };
    } catch (error) {
      status = errorKind(error);
      return { ok: false, status, body: undefined };
    } finally {
      // Headers-to-body time is small here; the demo records until the body is read.
      const duration = (performance.now() - started) / 1000;
      MetricsCollector.recordApiRequest({ endpoint: path, method, status, duration });
    }
  }
}

/** The real bot signs every request; these values must never reach a label. */
function signedHeaders(): Record<string, string> {
  return {
    'X-Api-Key': 'demo-public-key-0000',
    'X-Request-Sign': 'dmar ed25519 ' + 'ab'.repeat(32),
    'X-Sign-Date': String(Math.floor(Date.now() / 1000)),
  };
}

function errorKind(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return 'aborted';
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection_refused';
  return 'network_error';
}

/**
 * The demo bot's DMarket client: real `fetch` and `http` calls with (fake) signed headers.
 * It records nothing itself: the API metrics come from the library's auto-capture.
 */
import { request } from 'node:http';

export interface ApiResult {
  readonly ok: boolean;
  readonly status: number | string;
  readonly body: unknown;
}

export class DemoDmarketClient {
  constructor(private readonly baseUrl: string) {}

  /** Market and trading calls go through Node's global `fetch` (undici). */
  async call(method: string, path: string, payload?: unknown): Promise<ApiResult> {
    try {
      const init =
        payload === undefined ? {} : { body: JSON.stringify(payload), headers: { ...signedHeaders(), 'Content-Type': 'application/json' } };
      const res = await fetch(this.baseUrl + path, { method, headers: signedHeaders(), signal: AbortSignal.timeout(5000), ...init });
      const body: unknown = await res.json().catch(() => undefined);
      return { ok: res.ok, status: res.status, body };
    } catch (error) {
      return { ok: false, status: (error as Error).name, body: undefined };
    }
  }

  /** Account calls go through `node:http`, as axios, got and node-fetch v2 do. */
  callWithHttp(method: string, path: string): Promise<ApiResult> {
    return new Promise((resolve) => {
      const req = request(this.baseUrl + path, { method, headers: signedHeaders(), timeout: 5000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const ok = (res.statusCode ?? 0) < 400;
          resolve({ ok, status: res.statusCode ?? 0, body: parseJson(text) });
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => resolve({ ok: false, status: error.name, body: undefined }));
      req.end();
    });
  }
}

/** The real bot signs every request; these values must never reach a label or span. */
function signedHeaders(): Record<string, string> {
  return {
    'X-Api-Key': 'demo-public-key-0000',
    'X-Request-Sign': 'dmar ed25519 ' + 'ab'.repeat(32),
    'X-Sign-Date': String(Math.floor(Date.now() / 1000)),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

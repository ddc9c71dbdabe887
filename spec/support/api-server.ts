/**
 * A DMarket-like HTTP(S) server on 127.0.0.1 for the auto-capture tests. The client steers
 * each answer with `x-test-*` request headers: status, delay, rate-limit headers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  /** Request paths (with query) as the server received them. */
  readonly seen: string[];
  close(): Promise<void>;
}

export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

function handle(seen: string[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Bounded, so load tests do not measure the test server's own memory.
    if (seen.length < 10_000) seen.push(req.url ?? '');
    const h = (name: string): string | undefined => req.headers[`x-test-${name}`] as string | undefined;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (h('rl-remaining')) headers['x-ratelimit-remaining'] = h('rl-remaining') as string;
    if (h('rl-limit')) headers['x-ratelimit-limit'] = h('rl-limit') as string;
    if (h('rl-scope')) headers['x-ratelimit-scope'] = h('rl-scope') as string;
    if (h('retry-after')) headers['retry-after'] = h('retry-after') as string;
    const answer = (): void => {
      if (res.destroyed) return;
      res.writeHead(Number(h('status') ?? 200), headers);
      const bodyDelay = Number(h('body-delay-ms') ?? 0);
      if (bodyDelay === 0) return void res.end('{"ok":true}');
      // Headers now, body later: shows what the duration metric measures.
      res.flushHeaders();
      setTimeout(() => res.end('{"ok":true}'), bodyDelay).unref();
    };
    req.resume();
    const delay = Number(h('delay-ms') ?? 0);
    if (delay > 0) setTimeout(answer, delay).unref();
    else answer();
  };
}

async function listen(server: Server, scheme: 'http' | 'https', seen: string[]): Promise<ApiServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function startApiServer(): Promise<ApiServer> {
  const seen: string[] = [];
  return listen(createHttpServer(handle(seen)), 'http', seen);
}

export function startTlsApiServer(tls: TlsMaterial): Promise<ApiServer> {
  const seen: string[] = [];
  return listen(createHttpsServer(tls, handle(seen)), 'https', seen);
}

/** A throw-away self-signed certificate for 127.0.0.1 (openssl, temp dir removed after); P-256, made in ms where RSA takes 0.4 s. */
export function selfSignedCert(): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'dmbt-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore', timeout: 30_000 },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

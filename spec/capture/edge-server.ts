/**
 * A loopback server for the capture edge cases: `x-test-status`, `x-test-delay-ms`,
 * `x-test-early-hints: 1` (a 103 first) and `x-test-h-<name>: v` (response header `<name>`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EdgeServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const h = (name: string): string | undefined => req.headers[`x-test-${name}`] as string | undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-test-h-') && typeof value === 'string') headers[name.slice('x-test-h-'.length)] = value;
  }
  if (h('early-hints')) res.writeEarlyHints({ link: '</static/app.css>; rel=preload; as=style' });
  const answer = (): void => {
    if (res.destroyed) return;
    res.writeHead(Number(h('status') ?? 200), headers);
    res.end('{"ok":true}');
  };
  const delay = Number(h('delay-ms') ?? 0);
  if (delay > 0) setTimeout(answer, delay).unref();
  else answer();
}

export async function startEdgeServer(): Promise<EdgeServer> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

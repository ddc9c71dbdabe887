/** Port checks and URLs for `npm run stack`: say who holds a port and how to move, find the alerts page. */
import { createServer } from 'node:net';

export interface PortUse {
  /** What wants the port: `prometheus`, `alertmanager`, `demo bot`. */
  readonly name: string;
  readonly port: number;
  /** The variable that moves it. */
  readonly envVar: string;
}

/** Rejects with one clear sentence when 127.0.0.1:`port` is taken, naming what holds it if it can tell. */
export async function ensurePortFree(use: PortUse): Promise<void> {
  const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e));
    server.listen(use.port, '127.0.0.1', () => server.close(() => resolve(undefined)));
  });
  if (!error) return;
  if (error.code !== 'EADDRINUSE') throw new Error(`${use.name}: cannot listen on 127.0.0.1:${use.port}: ${error.message}`);
  const holder = await whoListens(use.port);
  const service = holder?.startsWith('Prometheus')
    ? ' (the Debian package runs it as a service: `systemctl stop prometheus`, or pick another port)'
    : holder?.startsWith('Alertmanager')
      ? ' (the Debian package runs it as a service: `systemctl stop prometheus-alertmanager`, or pick another port)'
      : '';
  throw new Error(
    `${use.name}: port ${use.port} is already in use${holder ? ` by ${holder}` : ''}${service}; choose another with ${use.envVar}=<port> npm run stack`,
  );
}

/** "Prometheus 2.42.0+ds" / "Alertmanager 0.25.0" when one answers on the port, else undefined. */
export async function whoListens(port: number): Promise<string | undefined> {
  const json = async (path: string): Promise<Record<string, unknown> | undefined> => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) });
      return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const prometheus = (await json('/api/v1/status/buildinfo'))?.['data'] as { version?: string } | undefined;
  if (prometheus?.version) return `Prometheus ${prometheus.version}`;
  const alertmanager = (await json('/api/v2/status'))?.['versionInfo'] as { version?: string } | undefined;
  if (alertmanager?.version) return `Alertmanager ${alertmanager.version}`;
  return undefined;
}

/**
 * The Prometheus alerts page that this Prometheus serves: `/alerts` (Prometheus 3, or 2.x with
 * the React UI), `/classic/alerts` (Debian's 2.42 ships only the classic UI; `/alerts` is 404).
 */
export async function alertsUrl(prometheusUrl: string): Promise<string> {
  for (const path of ['/alerts', '/classic/alerts']) {
    try {
      const res = await fetch(`${prometheusUrl}${path}`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return `${prometheusUrl}${path}`;
    } catch {
      // Try the next one.
    }
  }
  return `${prometheusUrl}/classic/alerts`;
}

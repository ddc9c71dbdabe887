/**
 * A minimal Alertmanager webhook receiver: logs every notification (compose's `alert-webhook`
 * service, `npm run stack`) and hands it to a callback (the end-to-end tests).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The parts of Alertmanager's webhook payload (version 4) this project reads. */
export interface AlertNotification {
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly alerts: ReadonlyArray<{ status: 'firing' | 'resolved'; labels: Record<string, string>; annotations: Record<string, string> }>;
}

export interface AlertWebhook {
  readonly url: string;
  close(): Promise<void>;
}

export async function startAlertWebhook(options: {
  host?: string;
  port?: number;
  onAlert: (n: AlertNotification) => void;
}): Promise<AlertWebhook> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk.length + body.length > 1_000_000 ? '' : chunk));
    req.on('end', () => {
      try {
        options.onAlert(JSON.parse(body) as AlertNotification);
        res.writeHead(200).end('ok\n');
      } catch {
        res.writeHead(400).end('bad payload\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/alerts`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { host: { type: 'string', default: '0.0.0.0' }, port: { type: 'string', default: '8080' } } });
  const hook = await startAlertWebhook({
    host: values.host,
    port: Number(values.port),
    onAlert: (n) => {
      for (const a of n.alerts)
        console.log(
          `${new Date().toISOString()} ${a.status} ${a.labels['alertname']} ${JSON.stringify(a.labels)} ${a.annotations['summary'] ?? ''}`,
        );
    },
  });
  console.log(`alert webhook listening on ${hook.url}`);
  process.on('SIGTERM', () => void hook.close().then(() => process.exit(0)));
  process.on('SIGINT', () => void hook.close().then(() => process.exit(0)));
}

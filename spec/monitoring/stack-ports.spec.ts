import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAlertmanagerConfig } from '../../scripts/stack/configs.js';
import { findBinary, freePort, startProcess, waitForHttp, type Managed } from '../../scripts/stack/processes.js';
import { alertsUrl, ensurePortFree } from '../../scripts/stack/ports.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A port held by a plain TCP server; `close()` also ends the connections probes left open on it. */
async function holdPort(): Promise<{ server: { close(): void }; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => sockets.add(socket.on('close', () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = (): void => {
    server.close();
    for (const socket of sockets) socket.destroy();
  };
  return { server: { close }, port: (server.address() as { port: number }).port };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not reject');
}

describe('npm run stack and npm start: ports and URLs a user sees', function () {
  this.timeout(30_000);
  let dir: string;
  const running: Managed[] = [];
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dmbt-ports-'))));
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a busy port is one sentence naming the variable that moves it', async () => {
    const { server, port } = await holdPort();
    try {
      const error = await rejection(ensurePortFree({ name: 'prometheus', port, envVar: 'PROMETHEUS_PORT' }));
      expect(error.message).to.equal(
        `prometheus: port ${port} is already in use; choose another with PROMETHEUS_PORT=<port> npm run stack`,
      );
    } finally {
      server.close();
    }
    await ensurePortFree({ name: 'prometheus', port, envVar: 'PROMETHEUS_PORT' });
  });

  it('names a real Prometheus holding the port (the Debian service case) and finds the alerts page it serves', async () => {
    const port = await freePort();
    const prometheus = startProcess('prometheus', findBinary(['prometheus'], 'prometheus'), [
      `--config.file=${join(ROOT, 'monitoring/prometheus/prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    running.push(prometheus);
    await waitForHttp(`http://127.0.0.1:${port}/-/ready`, prometheus);
    const error = await rejection(ensurePortFree({ name: 'prometheus', port, envVar: 'PROMETHEUS_PORT' }));
    expect(error.message)
      .to.match(/in use by Prometheus \d+\.\d+/)
      .and.contain('systemctl stop prometheus')
      .and.contain('PROMETHEUS_PORT=');
    const url = await alertsUrl(`http://127.0.0.1:${port}`);
    const page = await fetch(url);
    expect(page.status, url).to.equal(200);
    expect(await page.text()).to.contain('Alerts');
  });

  it('names a real Alertmanager holding the port', async () => {
    const port = await freePort();
    const config = writeAlertmanagerConfig(dir, { webhookUrl: 'http://127.0.0.1:9/alerts' });
    const alertmanager = startProcess('alertmanager', findBinary(['alertmanager', 'prometheus-alertmanager'], 'prometheus-alertmanager'), [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'am')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ]);
    running.push(alertmanager);
    await waitForHttp(`http://127.0.0.1:${port}/-/ready`, alertmanager);
    const error = await rejection(ensurePortFree({ name: 'alertmanager', port, envVar: 'ALERTMANAGER_PORT' }));
    expect(error.message)
      .to.match(/in use by Alertmanager \d+\.\d+/)
      .and.contain('systemctl stop prometheus-alertmanager')
      .and.contain('ALERTMANAGER_PORT=');
  });

  it('the demo on a busy port prints one line with the fix (--port / DEMO_PORT) and exits 1, no stack trace', async () => {
    const { server, port } = await holdPort();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--host', '127.0.0.1', '--port', String(port)], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
      expect(code).to.equal(1);
      const lines = stderr.trim().split('\n');
      expect(lines, stderr).to.have.length(1);
      expect(lines[0]).to.contain(`127.0.0.1:${port}`).and.contain('EADDRINUSE').and.contain('--port').and.contain('DEMO_PORT');
    } finally {
      server.close();
    }
  });
});

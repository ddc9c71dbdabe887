/** Child processes for the local stack: spawn, capture output, wait for readiness, stop. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startProcess(name: string, command: string, args: readonly string[], cwd?: string): Managed {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer): void => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => keep(Buffer.from(`spawn error: ${error.message}\n`)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Polls `url` until it answers 2xx; rejects with the process output after `timeoutMs`. */
export async function waitForHttp(url: string, owner: Managed, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (owner.child.exitCode !== null) throw new Error(`${owner.name} exited:\n${owner.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${owner.name} not ready at ${url} after ${timeoutMs} ms:\n${owner.output()}`);
}

/** The first of `names` on PATH, or an error naming the Debian package that provides it. */
export function findBinary(names: readonly string[], debianPackage: string): string {
  for (const name of names) {
    if (spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0) return name;
  }
  throw new Error(`${names[0]} not found: install the Debian package "${debianPackage}" (apt-get install -y ${debianPackage})`);
}

/** A real Alertmanager on 127.0.0.1 with `config`, its data in `dir`, no clustering; resolves once ready. */
export async function startAlertmanager(config: string, dir: string, port?: number): Promise<Managed & { readonly url: string }> {
  const bin = findBinary(['alertmanager', 'prometheus-alertmanager'], 'prometheus-alertmanager');
  const amPort = port ?? (await freePort());
  const am = startProcess('alertmanager', bin, [
    `--config.file=${config}`,
    `--storage.path=${dir}/am-data`,
    `--web.listen-address=127.0.0.1:${amPort}`,
    '--cluster.listen-address=',
    `--web.external-url=http://127.0.0.1:${amPort}`,
  ]);
  const url = `http://127.0.0.1:${amPort}`;
  try {
    await waitForHttp(`${url}/-/ready`, am);
  } catch (error) {
    await am.stop();
    throw error;
  }
  return { ...am, url };
}

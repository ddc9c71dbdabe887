import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface DemoProcess {
  readonly child: ChildProcess;
  /** Base URL of the demo's telemetry endpoint on 127.0.0.1. */
  readonly url: string;
  output(): string;
  /** Resolves with the exit code (bounded: kills the process after `timeoutMs`). */
  exited(timeoutMs?: number): Promise<number | null>;
}

/** Starts `demo/main.ts` as `npm start` would, on a free loopback port, and waits for its URLs. */
export function startDemo(args: readonly string[] = []): Promise<DemoProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--host', '127.0.0.1', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const exited = async (timeoutMs = 15_000): Promise<number | null> => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exit;
    } finally {
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`demo did not print its URL within 20 s:\n${out}`));
    }, 20_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /metrics: (http:\/\/[^\s]+)\/metrics/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string, output: () => out, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code} before printing its URL:\n${out}`));
    });
  });
}

import { spawn } from 'node:child_process';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a real binary with optional stdin, killed after `timeoutMs`. */
export function run(command: string, args: readonly string[], stdin?: string, timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(`${command} not found: install the Debian package (see README, "Quick start")`) : error),
    );
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A child that exits without reading its input (sh refusing to start) closes the pipe: EPIPE is
    // its answer, not an error of the run; the exit code and output tell the test what happened.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
  });
}

/** `promtool check metrics` on an exposition text. */
export function promtoolCheckMetrics(text: string): Promise<RunResult> {
  return run('promtool', ['check', 'metrics'], text);
}

/**
 * The package as a user gets it: `npm pack` of this repository (prepack builds dist/), the
 * tarball installed with `--omit=dev` into a scratch bot project in a temp dir. Built once per
 * test run; the temp dir goes when the process exits.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseExposition, sampleValue } from '../../support/exposition.js';
import { ROOT } from './runtime-stage.js';

export interface Consumer {
  readonly tarball: string;
  /** The scratch bot project, with the tarball installed. */
  readonly dir: string;
  /** Paths inside the tarball (without the `package/` prefix). */
  readonly files: readonly string[];
  /** `npm` in the scratch project (offline-first, quiet). */
  npm(args: readonly string[]): string;
  write(path: string, text: string): string;
}

let consumer: Consumer | undefined;

export function npmEnv(): NodeJS.ProcessEnv {
  // The running Node first, so npm and its scripts run under the Node under test.
  return {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

export function installedConsumer(): Consumer {
  consumer ??= build();
  return consumer;
}

function build(): Consumer {
  const top = mkdtempSync(join(tmpdir(), 'dmbt-consumer-'));
  process.once('exit', () => rmSync(top, { recursive: true, force: true }));
  const run = (cwd: string, args: readonly string[]): string =>
    execFileSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  const packOutput = run(ROOT, ['pack', '--json', '--pack-destination', top]);
  // Lifecycle scripts may print before the JSON.
  const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[/m))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const entry = packed[0];
  if (!entry) throw new Error('npm pack produced nothing');
  const tarball = join(top, entry.filename);
  const dir = join(top, 'bot');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'scratch-bot', version: '1.2.3', private: true, type: 'module' }, null, 2)}\n`,
  );
  run(dir, ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball]);
  return {
    tarball,
    dir,
    files: entry.files.map((f) => f.path),
    npm: (args) => run(dir, args),
    write: (path, text) => {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
      return full;
    },
  };
}

export interface BotProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the first stdout line starting `READY` (rejects if the bot exits first or after 30 s). */
  ready: Promise<string>;
  stop(): Promise<number | null>;
}

/** Starts `node [nodeArgs] script` in the scratch project, as a user's bot (not through npm). */
export function startBot(dir: string, nodeArgs: readonly string[], env: Record<string, string>): BotProcess {
  const base = npmEnv();
  for (const key of Object.keys(base)) if (key.startsWith('npm_') || key.startsWith('OTEL_')) delete base[key];
  const child = spawn(process.execPath, nodeArgs, { cwd: dir, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot not ready within 30 s:\n${out}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY'));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited with ${code} before READY:\n${out}`));
    });
  });
  ready.catch(() => undefined);
  return {
    child,
    output: () => out,
    ready,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** The scratch bot's `/metrics`, and the command counter's value per command. */
export async function scrapeCommands(port: number): Promise<{ text: string; value: (command: string) => number | undefined }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const parsed = parseExposition(text);
  return { text, value: (command) => sampleValue(parsed, 'dmarket_bot_commands_total', { command, status: 'ok' }) };
}

/**
 * Mocha hooks for a describe block over the one packed install: installs it before the block
 * (slow the first time in a process), stops the bots a test started after each test.
 */
export function useInstalledConsumer(): { readonly consumer: () => Consumer; readonly stops: Array<() => Promise<unknown>> } {
  let installed: Consumer | undefined;
  const stops: Array<() => Promise<unknown>> = [];
  before(function () {
    this.timeout(420_000);
    installed = installedConsumer();
  });
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  return {
    consumer: () => {
      if (!installed) throw new Error('the packed install is not ready (used outside a test?)');
      return installed;
    },
    stops,
  };
}

/**
 * Replays the Dockerfile without Docker: every stage in its own temp dir standing for WORKDIR,
 * COPY from the repository (or from an earlier stage's dir with --from), RUN verbatim through
 * `sh -c`, ENV applied. Built once per test run and shared by the specs that need the image.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyArgs, envOf, parseDockerfile, type Instruction, type Stage } from './dockerfile.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ReplayedImage {
  /** The final stage's dir (its WORKDIR). */
  readonly dir: string;
  readonly workdir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly stages: readonly Stage[];
  readonly final: Stage;
  /** The last instruction of `op` in the final stage. */
  instruction(op: string): Instruction | undefined;
  /** PATH with the running Node first, so `node` in RUN/CMD is the Node under test. */
  processEnv(overrides?: Record<string, string>): NodeJS.ProcessEnv;
  cleanup(): void;
}

let replay: ReplayedImage | undefined;

export function replayedImage(): ReplayedImage {
  replay ??= build();
  return replay;
}

function build(): ReplayedImage {
  const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const top = mkdtempSync(join(tmpdir(), 'dmbt-image-'));
  process.once('exit', () => rmSync(top, { recursive: true, force: true }));
  const dirs = new Map<string, { dir: string; workdir: string }>();
  const pathEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({
    ...process.env,
    ...env,
    PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
  });
  let last: { dir: string; workdir: string; env: Record<string, string> } | undefined;
  try {
    stages.forEach((stage, i) => {
      const dir = join(top, stage.name ?? `stage-${i}`);
      mkdirSync(dir);
      let workdir = '/';
      const env: Record<string, string> = {};
      for (const ins of stage.instructions) {
        if (ins.op === 'WORKDIR') workdir = posix.resolve(workdir, ins.text);
        if (ins.op === 'ENV') Object.assign(env, envOf(ins));
        if (ins.op === 'COPY') copy(ins, dir, workdir, dirs);
        if (ins.op === 'RUN') execFileSync('sh', ['-c', ins.text], { cwd: dir, env: pathEnv(env), stdio: 'pipe', timeout: 300_000 });
      }
      dirs.set(stage.name ?? String(i), { dir, workdir });
      last = { dir, workdir, env };
    });
  } catch (error) {
    rmSync(top, { recursive: true, force: true });
    const e = error as Error & { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`replaying the Dockerfile failed: ${e.message}\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`, {
      cause: error,
    });
  }
  const final = stages.at(-1) as Stage;
  const result = last as { dir: string; workdir: string; env: Record<string, string> };
  return {
    dir: result.dir,
    workdir: result.workdir,
    env: result.env,
    stages,
    final,
    instruction: (op) => final.instructions.filter((i) => i.op === op).at(-1),
    processEnv: (overrides = {}) => pathEnv({ ...result.env, ...overrides }),
    cleanup: () => rmSync(top, { recursive: true, force: true }),
  };
}

/** COPY relative to the stage's WORKDIR; `--from=stage` copies out of that stage's dir. */
function copy(ins: Instruction, dir: string, workdir: string, stages: Map<string, { dir: string; workdir: string }>): void {
  const { sources, dest } = copyArgs(ins);
  const from = ins.flags['from'];
  const source = from ? stages.get(from) : undefined;
  if (from && !source) throw new Error(`COPY --from=${from}: no such stage`);
  const target = inStage(dir, workdir, dest);
  for (const src of sources) {
    const path = source ? inStage(source.dir, source.workdir, src) : join(ROOT, src);
    // Docker copies a directory's contents into the destination; a file goes inside a `dir/` destination.
    const into = statSync(path).isDirectory()
      ? target
      : dest.endsWith('/') || sources.length > 1
        ? join(target, posix.basename(src))
        : target;
    mkdirSync(statSync(path).isDirectory() ? into : dirname(into), { recursive: true });
    cpSync(path, into, { recursive: true });
  }
}

/** A path inside a stage (absolute or relative to its WORKDIR) mapped into the stage's temp dir. */
function inStage(dir: string, workdir: string, path: string): string {
  const absolute = posix.resolve(workdir, path);
  const relative = posix.relative(workdir, absolute);
  if (relative.startsWith('..')) throw new Error(`${path} is outside WORKDIR ${workdir}; the replay maps only WORKDIR`);
  return join(dir, relative);
}

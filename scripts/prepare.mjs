// `prepare` (git and folder installs, `npm ci` here) and `prepack` (tarballs): build dist/.
// A git install gets the dev dependencies for this step; a folder installed before its own
// `npm ci` has no TypeScript, so say exactly what to do instead of a bare "tsc: not found".
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = process.argv[2] ?? 'tsconfig.build.json';

let tsc;
try {
  tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
} catch {
  if (existsSync(join(root, 'dist', 'lib', 'index.js'))) {
    console.warn('dmarket-bot-telemetry: TypeScript is not installed here; keeping the existing dist/');
    process.exit(0);
  }
  console.error(
    `dmarket-bot-telemetry: cannot build dist/: TypeScript (a dev dependency) is not installed in ${root}.\n` +
      `For a folder install, run \`npm ci\` in that folder first (it builds dist/), or install a tarball made there with \`npm pack\`.`,
  );
  process.exit(1);
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);

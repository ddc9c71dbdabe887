import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'dmarket-bot-telemetry';

/** This library's version, read from its package.json (found from source or from dist/). */
export function libraryVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && pkg.version) return pkg.version;
    } catch {
      // Not here; look one level up.
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

/**
 * The version in the nearest package.json above the main module (`process.argv[1]`): the bot's
 * own version when it was started with `node bot.js` rather than through npm.
 */
export function mainPackageVersion(argv: readonly string[] = process.argv): string | undefined {
  const main = argv[1];
  if (!main) return undefined;
  let dir: string;
  try {
    dir = dirname(realpathSync(main));
  } catch {
    return undefined;
  }
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
      // A package.json without a version (e.g. `{"type": "module"}` in a subfolder) is not the bot's.
      if (typeof pkg.version === 'string' && pkg.version !== '') return pkg.version;
    } catch {
      // None here; look one level up.
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

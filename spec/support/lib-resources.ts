/**
 * What the leak check (leak-check.ts) cannot read from `process.getActiveResourcesInfo()`:
 * - timers the library created and that are still pending, ref'd or not: the library unrefs its
 *   timers (they must never keep a bot alive), and unref'd timers are not active resources, so
 *   one left running after `shutdown()` was invisible. The global timer functions are wrapped
 *   once; a Timeout whose creation stack has a frame in lib/ (or dist/lib/) is remembered.
 * - SIGTERM/SIGINT listeners (`handleSignals`), and the diagnostics channels lib/ subscribes to,
 *   read from its sources so a new channel cannot be missed by a hand-kept list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIB_DIRS = [join(ROOT, 'lib'), join(ROOT, 'dist', 'lib')];

interface Tracked {
  readonly timer: WeakRef<NodeJS.Timeout>;
  readonly where: string;
}

const tracked = new Set<Tracked>();

/** `at Foo.bar (/repo/lib/x/y.ts:12:3)` → `lib/x/y.ts:12`, for the first frame inside the library. */
function libFrame(stack: string | undefined): string | undefined {
  for (const line of (stack ?? '').split('\n').slice(2)) {
    const dir = LIB_DIRS.find((d) => line.includes(d));
    if (!dir) continue;
    const match = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):\d+\)?\s*$/.exec(line.trim());
    return match ? `${relative(ROOT, (match[1] ?? '').replace(/^file:\/\//, ''))}:${match[2]}` : line.trim();
  }
  return undefined;
}

function wrap(original: (...args: never[]) => NodeJS.Timeout): (...args: never[]) => NodeJS.Timeout {
  const wrapped = function (this: unknown, ...args: never[]): NodeJS.Timeout {
    const timer = original.apply(this, args);
    const where = libFrame(new Error().stack);
    if (where) tracked.add({ timer: new WeakRef(timer), where });
    return timer;
  };
  // Keep util.promisify.custom and the rest of what callers may read off the function.
  Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(original));
  return wrapped;
}

let installed = false;

/** Starts remembering timers created by lib/ (once per process). */
export function trackLibTimers(): void {
  if (installed) return;
  installed = true;
  Object.assign(globalThis, { setTimeout: wrap(globalThis.setTimeout), setInterval: wrap(globalThis.setInterval) });
}

/** Where each pending library timer was created (`lib/…:line`), one entry per timer. */
export function pendingLibTimers(): string[] {
  const pending: string[] = [];
  for (const entry of tracked) {
    const timer = entry.timer.deref() as (NodeJS.Timeout & { _destroyed?: boolean }) | undefined;
    // Fired (one-shot), cleared, or collected: done. `_destroyed` is how Node marks it (20, 22, 24).
    if (timer === undefined || timer._destroyed === true) tracked.delete(entry);
    else pending.push(entry.where);
  }
  return pending;
}

/** SIGTERM and SIGINT listeners: `handleSignals` must remove its own at shutdown. */
export function signalListeners(): Array<[string, number]> {
  return (['SIGTERM', 'SIGINT'] as const).map((signal) => [signal, process.listenerCount(signal)]);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

/** Every diagnostics channel name lib/ mentions (`undici:request:create`, `http.client.request.start`, …). */
export function libChannelNames(): string[] {
  const names = new Set<string>();
  for (const source of sources(join(ROOT, 'lib'))) {
    for (const m of source.matchAll(/['"`]((?:undici|http|https|net|tls):?[a-z.:]*\.[a-z.]+|undici:[a-z:]+)['"`]/g)) names.add(m[1] ?? '');
  }
  // Node's http channels end in an event (`….start`); `http.client.request.duration` is a metric name.
  return [...names]
    .filter((name) => /^(undici:[a-z]+:[a-z]+|http\.(client|server)\.(request|response)\.(start|created|error|finish))$/.test(name))
    .sort();
}

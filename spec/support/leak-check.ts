/**
 * Mocha root hook: after every spec file, nothing the file opened may still be alive (servers,
 * sockets, child processes, ref'd timers, capture channel subscriptions). This is what lets the
 * suite run without mocha's `exit: true`, which used to hide leaked handles.
 */
import { hasSubscribers } from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Suite } from 'mocha';
import { libChannelNames, pendingLibTimers, signalListeners, trackLibTimers } from './lib-resources.js';

// Before any spec imports the library: its timers are remembered from the first one.
trackLibTimers();

/** The channels the library's capture (and the OTel instrumentations) subscribe to. */
const CHANNELS = [
  'undici:request:create',
  'undici:request:headers',
  'undici:request:trailers',
  'undici:request:error',
  'undici:client:sendHeaders',
  'http.client.request.created',
  'http.client.request.start',
  'http.client.request.error',
  'http.client.response.finish',
  'http.server.request.start',
  'http.server.response.finish',
];

/** Sockets close a few ticks after close() resolves, and the OTLP export watcher (lib/sdk/export-attempts.ts)
 * stays subscribed up to 10 s after a failed export attempt to end a retry already scheduled: wait this long
 * before calling it a leak (it returns as soon as everything is released). */
const SETTLE_MS = Number(process.env['LEAK_CHECK_SETTLE_MS'] ?? 12_000);
/** A timer of the library must be gone once shutdown() resolved: only the export watcher's linger may take longer. */
const LIB_TIMER_SETTLE_MS = Math.min(SETTLE_MS, 1000);
const mayLinger = (leftover: string): boolean =>
  !leftover.startsWith('timer created at lib/') || leftover.includes('lib/sdk/export-attempts.ts');

/** The list above plus every channel lib/ names, so a channel added to capture is watched too. */
const WATCHED_CHANNELS = [...new Set([...CHANNELS, ...libChannelNames()])];

type Snapshot = Map<string, number>;

function snapshot(): Snapshot {
  const counts: Snapshot = new Map();
  for (const name of process.getActiveResourcesInfo()) counts.set(name, (counts.get(name) ?? 0) + 1);
  // Unref'd timers are no active resources; the library's own are tracked (lib-resources.ts).
  for (const where of pendingLibTimers()) counts.set(`timer created at ${where}`, (counts.get(`timer created at ${where}`) ?? 0) + 1);
  for (const [signal, listeners] of signalListeners()) counts.set(`${signal} listener`, listeners);
  // hasSubscribers(name), never channel(name): a Channel made here and collected later has a finalizer that,
  // in Node 20, deletes whatever Channel then holds the name, e.g. the one undici creates on the first fetch,
  // which leaves later subscribers deaf to fetch (seen as capture failing in whichever process it hit).
  for (const name of WATCHED_CHANNELS) if (hasSubscribers(name)) counts.set(`channel ${name}`, 1);
  return counts;
}

/** What `now` holds beyond `base`, e.g. `TCPServerWrap +1`; empty when nothing leaked. */
function excess(base: Snapshot, now: Snapshot): string[] {
  const extra: string[] = [];
  for (const [name, count] of now) {
    const before = base.get(name) ?? 0;
    if (count > before) extra.push(name.startsWith('channel ') ? `${name} still subscribed` : `${name} +${count - before}`);
  }
  return extra;
}

let baseline: Snapshot = new Map();

async function checkFile(file: string): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  await sleep(0); // snapshots are taken after a turn, once mocha's own hook timer runs (as in the baseline)
  let extra = excess(baseline, snapshot());
  const started = Date.now();
  // Everything gets the settle time, except the library's own timers once nothing else is left.
  while (extra.length > 0 && Date.now() < deadline && (extra.some(mayLinger) || Date.now() - started < LIB_TIMER_SETTLE_MS)) {
    await sleep(50);
    extra = excess(baseline, snapshot());
  }
  if (process.env['LEAK_CHECK_VERBOSE'] === '1') console.error(`leak check ${file}: settled after ${Date.now() - deadline + SETTLE_MS} ms`);
  // Later files are checked against what is alive now, so one leak is reported once.
  baseline = snapshot();
  if (extra.length > 0) throw new Error(`leak check: ${file} left alive after its shutdown(): ${extra.join(', ')}`);
}

/** Adds one check after the last top-level suite of each spec file. */
function addChecks(root: Suite): void {
  const lastSuiteOfFile = new Map<string, Suite>();
  for (const suite of root.suites) if (suite.file !== undefined) lastSuiteOfFile.set(suite.file, suite);
  for (const [file, suite] of lastSuiteOfFile) {
    const name = file.slice(file.lastIndexOf('/spec/') + 1);
    suite.afterAll(`leak check (${name})`, async function (this: Context) {
      this.timeout(SETTLE_MS + 5000);
      await checkFile(name);
    });
  }
}

export const mochaHooks = {
  async beforeAll(this: Context): Promise<void> {
    const root = this.test?.parent;
    if (root !== undefined) addChecks(root);
    await sleep(0);
    baseline = snapshot();
  },
  afterAll(): void {
    // Without mocha's `exit`, anything still alive would keep the run going until CI's time limit.
    // Unref'd, so it never delays a clean exit; in parallel mode the pool ends its own workers.
    if (process.env['MOCHA_WORKER_ID'] !== undefined) return;
    setTimeout(() => {
      console.error(
        `leak check: the process is still alive ${HANG_MS / 1000} s after the last spec file: ${process.getActiveResourcesInfo().join(', ')}`,
      );
      process.exit(1);
    }, HANG_MS).unref();
  },
};

const HANG_MS = Number(process.env['LEAK_CHECK_HANG_MS'] ?? 30_000);

/**
 * Process-wide state of the library: the one global instance (`startTelemetry()` is idempotent
 * per process) and which instance owns DMarket auto-capture. Kept in one place so that a second
 * or failed start can never detach what a running instance holds. It sits in the lowest layer
 * (imports nothing), so the handle is stored as `unknown`: only start.ts puts one in or reads it.
 * The other process-wide state is capture's (capture/capture-sink.ts: what patched `http` and the
 * diagnostics channels deliver to) and the static MetricsCollector target (recording/singleton.ts).
 */
export interface Running<H = unknown> {
  readonly handle: Promise<H>;
  readonly startedBy: string;
}

let global: Running | undefined;
let captureOwner: object | undefined;
/** Ports our own servers listen on, with who started them, for a precise "port in use" message. */
const ports = new Map<number, string>();

export function holdPort(port: number, startedBy: string): () => void {
  ports.set(port, startedBy);
  return () => {
    if (ports.get(port) === startedBy) ports.delete(port);
  };
}

export function portHolder(port: number): string | undefined {
  return ports.get(port);
}

/** The running (or starting) global instance, if any. */
export function runningInstance(): Running | undefined {
  return global;
}

/** Registers a starting global instance; cleared again if its start fails or when it shuts down. */
export function claimGlobal(handle: Promise<unknown>, startedBy: string): void {
  const entry: Running = { handle, startedBy };
  global = entry;
  handle.catch(() => {
    if (global === entry) global = undefined;
  });
}

export function releaseGlobal(handle: Promise<unknown>): void {
  if (global?.handle === handle) global = undefined;
}

/** True when `owner` now owns auto-capture (nobody did); false when another instance has it. */
export function claimCapture(owner: object): boolean {
  if (captureOwner !== undefined && captureOwner !== owner) return false;
  captureOwner = owner;
  return true;
}

export function releaseCapture(owner: object): void {
  if (captureOwner === owner) captureOwner = undefined;
}

/** Where a start came from, for messages: the preload entry or the caller's first stack frame. */
export function callerOf(stack: string | undefined): string {
  const frame = (stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .find((l) => !/[\\/]lib[\\/](start|lifecycle|seed-compat)\.[jt]s/.test(l));
  return frame ? `startTelemetry() ${frame.replace(/^at /, 'at ')}` : 'startTelemetry()';
}

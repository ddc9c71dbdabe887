/**
 * Everything the library keeps per process, in one module: which instance runs globally, who owns
 * DMarket auto-capture, the ports our servers hold, capture's sink and channel subscriptions, the
 * target of the static MetricsCollector calls, the preload's start. Patching `http`, diagnostics
 * channels and the global meter provider are process-wide, so a second or failed instance must
 * find this state and never detach what the running one holds.
 *
 * This is the lowest layer (it imports nothing). A higher layer adds its slot to `ProcessSlots`
 * by module augmentation (`declare module '../process-state.js'`), so every slot keeps its type
 * without an import upwards and without casts. `spec/architecture/process-state.spec.ts` fails on
 * module-level mutable state anywhere else in lib/.
 */
export interface ProcessSlots {
  /** Ports our own servers listen on, with who started them, for a precise "port in use" message. */
  ports: Map<number, string>;
  /** The instance that owns auto-capture (an opaque token of that instance). */
  captureOwner: object;
}

type Slots = { [K in keyof ProcessSlots]?: ProcessSlots[K] };

const slots: Slots = {};

/** The value in `key`, `undefined` when nothing was put there. */
export function readSlot<K extends keyof ProcessSlots>(key: K): ProcessSlots[K] | undefined {
  return slots[key];
}

/** Puts `value` in `key`; `undefined` empties it. */
export function writeSlot<K extends keyof ProcessSlots>(key: K, value: ProcessSlots[K] | undefined): void {
  slots[key] = value;
}

/** The value in `key`, created by `create` the first time (for state that lives as long as the process). */
export function ensureSlot<K extends keyof ProcessSlots>(key: K, create: () => ProcessSlots[K]): ProcessSlots[K] {
  return (slots[key] ??= create());
}

/** The names of the slots that hold something now (for tests and diagnostics). */
export function filledSlots(): string[] {
  return Object.entries(slots)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}

export function holdPort(port: number, startedBy: string): () => void {
  const ports = ensureSlot('ports', () => new Map());
  ports.set(port, startedBy);
  return () => {
    if (ports.get(port) === startedBy) ports.delete(port);
  };
}

export function portHolder(port: number): string | undefined {
  return readSlot('ports')?.get(port);
}

/** True when `owner` now owns auto-capture (nobody did); false when another instance has it. */
export function claimCapture(owner: object): boolean {
  const current = readSlot('captureOwner');
  if (current !== undefined && current !== owner) return false;
  writeSlot('captureOwner', owner);
  return true;
}

export function releaseCapture(owner: object): void {
  if (readSlot('captureOwner') === owner) writeSlot('captureOwner', undefined);
}

import { channel, type Channel } from 'node:diagnostics_channel';
import { ensureSlot } from '../process-state.js';

export type ChannelHandlers = ReadonlyArray<readonly [name: string, handler: (message: unknown) => void]>;

/** @internal Process-wide slots of this module (lib/process-state.ts). */
declare module '../process-state.js' {
  interface ProcessSlots {
    /** Every diagnostics channel capture subscribed to once, held for the life of the process. */
    heldChannels: Map<string, Channel>;
  }
}

// Node 20 keeps channels weakly once nobody subscribes; when one is collected its finalizer deletes
// the name's entry even if undici has made a new channel for it meanwhile (a fetch right after a GC),
// and every later subscriber then listens to a channel nobody publishes on. Held channels are never
// collected, so undici's first fetch gets the very channel capture subscribes to.
const held = ensureSlot('heldChannels', () => new Map());

function channelOf(name: string): Channel {
  let found = held.get(name);
  if (!found) held.set(name, (found = channel(name)));
  return found;
}

/** Subscribes every handler to its diagnostics channel; returns the function that undoes it. */
export function subscribeAll(handlers: ChannelHandlers): () => void {
  for (const [name, handler] of handlers) channelOf(name).subscribe(handler);
  return () => {
    for (const [name, handler] of handlers) channelOf(name).unsubscribe(handler);
  };
}

import { channel, subscribe, unsubscribe, type Channel } from 'node:diagnostics_channel';

export type ChannelHandlers = ReadonlyArray<readonly [name: string, handler: (message: unknown) => void]>;

/**
 * Every channel subscribed once stays referenced: in Node 20 a Channel left without subscribers
 * can be collected, and its finalizer then deletes whichever Channel holds the name by then (such
 * as the one undici makes on the first fetch), so a later start would hear no fetch at all.
 */
const held = new Map<string, Channel>();

/** Subscribes every handler to its diagnostics channel; returns the function that undoes it. */
export function subscribeAll(handlers: ChannelHandlers): () => void {
  for (const [name, handler] of handlers) {
    held.set(name, channel(name));
    subscribe(name, handler);
  }
  return () => {
    for (const [name, handler] of handlers) unsubscribe(name, handler);
  };
}

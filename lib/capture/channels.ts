import { subscribe, unsubscribe } from 'node:diagnostics_channel';

export type ChannelHandlers = ReadonlyArray<readonly [name: string, handler: (message: unknown) => void]>;

/** Subscribes every handler to its diagnostics channel; returns the function that undoes it. */
export function subscribeAll(handlers: ChannelHandlers): () => void {
  for (const [name, handler] of handlers) subscribe(name, handler);
  return () => {
    for (const [name, handler] of handlers) unsubscribe(name, handler);
  };
}

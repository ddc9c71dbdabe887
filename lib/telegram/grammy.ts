import type { Context, MiddlewareFn } from 'grammy';
import { UpdateRecorder, type TelemetryMiddlewareOptions } from './update-recorder.js';

export type { TelemetryMiddlewareOptions };

/**
 * grammY middleware: `bot.use(telemetryMiddleware())` first, before the handlers. Records every
 * update, every command's name, status and latency, and handler errors (re-thrown unchanged).
 */
export function telemetryMiddleware<C extends Context = Context>(options: TelemetryMiddlewareOptions = {}): MiddlewareFn<C> {
  const recorder = new UpdateRecorder(options);
  return (ctx, next) =>
    recorder.run(
      () => ({ update: ctx.update, botUsername: ctx.me?.username, getMyCommands: () => ctx.api.getMyCommands() }),
      next,
    );
}

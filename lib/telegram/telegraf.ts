import type { Context, MiddlewareFn } from 'telegraf';
import { UpdateRecorder, type TelemetryMiddlewareOptions } from './update-recorder.js';

export type { TelemetryMiddlewareOptions };

/**
 * Telegraf middleware: `bot.use(telemetryMiddleware())` first, before the handlers. Records every
 * update, every command's name, status and latency, and handler errors (re-thrown unchanged).
 */
export function telemetryMiddleware<C extends Context = Context>(options: TelemetryMiddlewareOptions = {}): MiddlewareFn<C> {
  const recorder = new UpdateRecorder(options);
  return (ctx, next) =>
    recorder.run(
      () => ({ update: ctx.update, botUsername: ctx.botInfo?.username, getMyCommands: () => ctx.telegram.getMyCommands() }),
      next,
    );
}

import type { Context, MiddlewareFn } from 'telegraf';
import { middlewareFor, type TelemetryMiddlewareOptions } from './update-recorder.js';

export type { TelemetryMiddlewareOptions };

/** Telegraf middleware: `bot.use(telemetryMiddleware())` first, before the handlers (see grammy.ts). */
export function telemetryMiddleware<C extends Context = Context>(options: TelemetryMiddlewareOptions = {}): MiddlewareFn<C> {
  return middlewareFor<C>(options, (ctx) => ({
    update: ctx.update,
    botUsername: ctx.botInfo?.username,
    getMyCommands: () => ctx.telegram.getMyCommands(),
  }));
}

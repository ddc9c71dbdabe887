import type { Context, MiddlewareFn } from 'grammy';
import { middlewareFor, type TelemetryMiddlewareOptions } from './update-recorder.js';

export type { TelemetryMiddlewareOptions };

/**
 * grammY middleware: `bot.use(telemetryMiddleware())` first, before the handlers. Records every
 * update, every command's name, status and latency, and handler errors (re-thrown unchanged).
 */
export function telemetryMiddleware<C extends Context = Context>(options: TelemetryMiddlewareOptions = {}): MiddlewareFn<C> {
  return middlewareFor<C>(options, (ctx) => ({
    update: ctx.update,
    botUsername: ctx.me?.username,
    getMyCommands: () => ctx.api.getMyCommands(),
  }));
}

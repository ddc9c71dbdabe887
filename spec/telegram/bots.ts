import { Bot } from 'grammy';
import { Telegraf } from 'telegraf';
import type { TelemetryMiddlewareOptions } from '../../lib/telegram/update-recorder.js';
import { telemetryMiddleware as grammyTelemetry } from '../../lib/telegram/grammy.js';
import { telemetryMiddleware as telegrafTelemetry } from '../../lib/telegram/telegraf.js';

export class ScanError extends Error {
  override name = 'ScanError';
}

/** A running bot of either framework, with the same handlers, and the errors its catch saw. */
export interface RunningBot {
  readonly caught: unknown[];
  readonly thrown: unknown[];
  stop(): Promise<void>;
}

const TOKEN = '123456:TEST-TOKEN';
/** The same handlers on both frameworks: these commands reply, /scan throws. */
const REPLIES = { start: 'welcome', balance: '$12.50' } as const;

/** The /scan handler: throws a ScanError and keeps it, so tests can compare what `bot.catch` saw. */
function failingScan(thrown: unknown[]): () => never {
  return () => {
    const error = new ScanError('scan failed');
    thrown.push(error);
    throw error;
  };
}

/** /start and /balance reply, /scan throws, buttons are answered, other text is echoed. */
export function startGrammy(apiRoot: string, options: TelemetryMiddlewareOptions | false = {}): RunningBot {
  const caught: unknown[] = [];
  const thrown: unknown[] = [];
  const bot = new Bot(TOKEN, { client: { apiRoot } });
  if (options !== false) bot.use(grammyTelemetry(options));
  for (const [command, text] of Object.entries(REPLIES)) bot.command(command, (ctx) => ctx.reply(text));
  bot.command('scan', failingScan(thrown));
  bot.on('callback_query:data', (ctx) => ctx.answerCallbackQuery());
  bot.on('message', (ctx) => ctx.reply('echo'));
  bot.catch((err) => caught.push(err.error));
  void bot.start({ timeout: 1 });
  return { caught, thrown, stop: () => bot.stop() };
}

export function startTelegraf(apiRoot: string, options: TelemetryMiddlewareOptions | false = {}): RunningBot {
  const caught: unknown[] = [];
  const thrown: unknown[] = [];
  const bot = new Telegraf(TOKEN, { telegram: { apiRoot } });
  if (options !== false) bot.use(telegrafTelemetry(options));
  for (const [command, text] of Object.entries(REPLIES)) bot.command(command, (ctx) => ctx.reply(text));
  bot.command('scan', failingScan(thrown));
  bot.on('callback_query', (ctx) => ctx.answerCbQuery());
  bot.on('message', (ctx) => ctx.reply('echo'));
  bot.catch((error) => {
    caught.push(error);
  });
  void bot.launch({ dropPendingUpdates: false }).catch(() => undefined);
  return {
    caught,
    thrown,
    stop: async () => {
      bot.stop('test');
    },
  };
}

/**
 * The demo's Telegram side: a real grammY bot, polling the fake Bot API, with the telemetry
 * middleware in front of its handlers. Commands, their latency, update types and active users
 * all come from the middleware; the handlers call the (fake) DMarket API like the real bot.
 */
import { Bot } from 'grammy';
import { telemetryMiddleware } from '../lib/telegram/grammy.js';
import type { DemoDmarketClient } from './dmarket-client.js';

export const DEMO_COMMANDS = ['start', 'help', 'balance', 'arbitrage', 'targets', 'status', 'markets', 'portfolio'] as const;

export class DemoApiError extends Error {
  override name = 'DemoApiError';
}

export async function startDemoTelegramBot(apiRoot: string, dmarket: DemoDmarketClient): Promise<Bot> {
  const bot = new Bot('123456:DEMO-TOKEN', { client: { apiRoot } });
  bot.use(telemetryMiddleware());
  bot.command('balance', async (ctx) => {
    const res = await dmarket.callWithHttp('GET', '/account/v1/balance');
    if (!res.ok) throw new DemoApiError(`balance: HTTP ${res.status}`);
    await ctx.reply(`balance: ${JSON.stringify(res.body)}`);
  });
  bot.command(['arbitrage', 'markets', 'portfolio', 'targets', 'status'], async (ctx) => {
    const res = await dmarket.call('GET', '/exchange/v1/market/items?gameId=a8db&limit=10');
    if (!res.ok) throw new DemoApiError(`market: HTTP ${res.status}`);
    await ctx.reply(`${ctx.message?.text}: ok`);
  });
  bot.command(['start', 'help'], (ctx) => ctx.reply('DMarket demo bot: /balance /arbitrage /targets'));
  bot.on('callback_query:data', (ctx) => ctx.answerCallbackQuery());
  bot.on('message', (ctx) => ctx.reply('unknown command'));
  // The bot's own error handling, unchanged by the middleware: log and keep polling.
  bot.catch(() => undefined);
  await bot.api.setMyCommands(DEMO_COMMANDS.map((command) => ({ command, description: command })));
  void bot.start({ timeout: 1 });
  return bot;
}

/**
 * `npm run bench:middleware`: what `telemetryMiddleware()` adds per Telegram update, for grammY and
 * Telegraf. Updates go through each framework's own `handleUpdate` (no network: the handlers do
 * not call the Bot API), with and without the middleware, alternated; median of rounds.
 */
import { Bot } from 'grammy';
import { Telegraf } from 'telegraf';
import { startTelemetry } from '../lib/index.js';
import { telemetryMiddleware as grammyTelemetry } from '../lib/telegram/grammy.js';
import { telemetryMiddleware as telegrafTelemetry } from '../lib/telegram/telegraf.js';
import { alternate, machine, table } from './support/stats.js';

const UPDATES = Number(process.env['BENCH_UPDATES'] ?? 20_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 11);
const ME = {
  id: 1,
  is_bot: true as const,
  first_name: 'Bench',
  username: 'BenchBot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};
const COMMANDS = ['start', 'balance', 'scan'];

function update(i: number): Parameters<Bot['handleUpdate']>[0] {
  const from = { id: 100_000 + (i % 5000), is_bot: false, first_name: 'u' };
  const chat = { id: from.id, type: 'private' as const, first_name: 'u' };
  if (i % 4 === 3) return { update_id: i, callback_query: { id: String(i), from, chat_instance: '1', data: 'x' } };
  const text = `/${COMMANDS[i % 3]}`;
  return {
    update_id: i,
    message: { message_id: i, date: 0, chat, from, text, entities: [{ type: 'bot_command', offset: 0, length: text.length }] },
  };
}

function grammyBot(withTelemetry: boolean): Bot {
  const bot = new Bot('1:bench', { botInfo: ME });
  if (withTelemetry) bot.use(grammyTelemetry({ commands: COMMANDS }));
  bot.command(COMMANDS, () => undefined);
  bot.on('callback_query', () => undefined);
  return bot;
}

function telegrafBot(withTelemetry: boolean): Telegraf {
  const bot = new Telegraf('1:bench');
  bot.botInfo = ME;
  if (withTelemetry) bot.use(telegrafTelemetry({ commands: COMMANDS }));
  bot.command(COMMANDS, () => undefined);
  bot.on('callback_query', () => undefined);
  return bot;
}

const telemetry = await startTelemetry({
  host: '127.0.0.1',
  port: 0,
  autoInstrument: false,
  env: {},
  registerGlobal: true,
  runtimeMetrics: false,
});
const updates = Array.from({ length: UPDATES }, (_, i) => update(i));
const run = (handle: (u: (typeof updates)[number]) => Promise<unknown>) => async (): Promise<void> => {
  for (const u of updates) await handle(u);
};
const bots = {
  grammyBare: grammyBot(false),
  grammyTelemetry: grammyBot(true),
  telegrafBare: telegrafBot(false),
  telegrafTelemetry: telegrafBot(true),
};
const ms = await alternate(
  {
    grammyBare: run((u) => bots.grammyBare.handleUpdate(u)),
    grammyTelemetry: run((u) => bots.grammyTelemetry.handleUpdate(u)),
    telegrafBare: run((u) => bots.telegrafBare.handleUpdate(u as never)),
    telegrafTelemetry: run((u) => bots.telegrafTelemetry.handleUpdate(u as never)),
  },
  ROUNDS,
);
const us = (k: string): number => (ms[k]! * 1000) / UPDATES;
console.log(`${machine()}; ${UPDATES} updates per round (3 commands, 1 callback query in 4), median of ${ROUNDS} rounds\n`);
console.log(
  table(
    ['framework', 'bare µs/update', 'with telemetryMiddleware µs/update', 'added µs/update'],
    (['grammy', 'telegraf'] as const).map((f) => [
      f === 'grammy' ? 'grammY' : 'Telegraf',
      us(`${f}Bare`).toFixed(2),
      us(`${f}Telemetry`).toFixed(2),
      (us(`${f}Telemetry`) - us(`${f}Bare`)).toFixed(2),
    ]),
  ),
);
await telemetry.shutdown();

import { diag, DiagLogLevel } from '@opentelemetry/api';
import { expect } from 'chai';
import { Bot } from 'grammy';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { FakeTelegramApi } from '../../demo/fake-telegram-api.js';
import type { TelemetryHandle } from '../../lib/index.js';
import { telemetryMiddleware } from '../../lib/telegram/grammy.js';
import { MAX_WAITING } from '../../lib/telegram/command-registry.js';
import { parseExposition, sampleValue } from '../support/exposition.js';
import { figure } from '../support/figures.js';
import { eventually as poll } from '../support/prometheus-api.js';
import { scrapeText, startTestTelemetry } from '../support/telemetry.js';

/** The fake Telegram API answers within milliseconds: poll often, so a test waits no longer than its bot. */
const eventually = (check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> => poll(check, timeoutMs, 50);

/** Shaped like a real token (bot id, colon, 35 characters), so a pattern-based leak check is meaningful. */
const TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9';

type GetMyCommands = 'drop' | 'hang';

/** The fake Bot API behind a proxy that breaks `getMyCommands` (connection dropped, or never answered). */
async function brokenCommandsApi(api: FakeTelegramApi, mode: GetMyCommands): Promise<{ root: string; close(): Promise<void> }> {
  const upstream = new URL(await api.start());
  const server: Server = createServer((req, res) => {
    if (req.url?.endsWith('/getMyCommands')) {
      if (mode === 'drop') req.socket.destroy();
      return; // 'hang': never answered
    }
    const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    root: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await api.stop();
    },
  };
}

function startBot(root: string, handlers: (bot: Bot) => void): { bot: Bot; caught: unknown[] } {
  const bot = new Bot(TOKEN, { client: { apiRoot: root } });
  const caught: unknown[] = [];
  bot.use(telemetryMiddleware());
  handlers(bot);
  bot.catch((err) => caught.push(err.error));
  void bot.start({ timeout: 1 }).catch(() => undefined);
  return { bot, caught };
}

describe('Telegram middleware robustness', function () {
  this.timeout(30_000);
  let handle: TelemetryHandle;
  beforeEach(async () => (handle = await startTestTelemetry({ runtimeMetrics: false })));
  afterEach(async () => {
    diag.disable();
    await handle.shutdown();
  });

  it('a failing getMyCommands is logged without the bot token (grammY error text carries /bot<TOKEN>/)', async () => {
    const api = new FakeTelegramApi({ commands: [{ command: 'balance', description: 'b' }] });
    const proxy = await brokenCommandsApi(api, 'drop');
    const logged: string[] = [];
    const keep = (...args: unknown[]): void =>
      void logged.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 5 }))).join(' '));
    diag.setLogger({ error: keep, warn: keep, info: keep, debug: keep, verbose: keep }, DiagLogLevel.ALL);
    const { bot } = startBot(proxy.root, (b) => b.command('balance', (ctx) => ctx.reply('$1')));
    try {
      // Precondition: the framework's own error does carry the token, so the check below means something.
      const raw = await bot.api.getMyCommands().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(inspect(raw, { depth: 5 }) + String(raw)).to.contain(TOKEN);
      api.sendCommand('/balance', 1001);
      const seen = await eventually(async () => logged.some((l) => l.includes('getMyCommands failed')), 15_000);
      expect(seen, logged.join('\n')).to.equal(true);
      expect(logged.join('\n')).to.not.contain(TOKEN).and.not.contain(TOKEN.split(':')[1]);
      expect(logged.join('\n')).to.contain('/bot<redacted>');
      figure(
        'Telegram token in logs',
        'getMyCommands failing with a diag logger set: log lines / token occurrences',
        `${logged.length} / 0`,
      );
    } finally {
      await bot.stop();
      await proxy.close();
    }
  });

  it('while getMyCommands hangs, /start is recorded at once and waiting commands are bounded', async () => {
    const api = new FakeTelegramApi({ commands: [{ command: 'balance', description: 'b' }] });
    const proxy = await brokenCommandsApi(api, 'hang');
    const { bot } = startBot(proxy.root, (b) => b.command('start', (ctx) => ctx.reply('hi')));
    try {
      for (let i = 0; i < 5; i++) api.sendCommand('/start', 2000 + i);
      const counted = await eventually(
        async () =>
          sampleValue(parseExposition(await scrapeText(handle)), 'dmarket_bot_commands_total', { command: '/start', status: 'ok' }) === 5,
        8_000,
      );
      expect(counted, 'five /start recorded while getMyCommands never answers').to.equal(true);
      figure('getMyCommands hangs', '/start recorded while it hangs', '5 of 5');
    } finally {
      await bot.stop();
      await proxy.close();
    }
    // The same, through the middleware directly: beyond MAX_WAITING, unknown commands are not held.
    const middleware = telemetryMiddleware();
    let hangs = 0;
    const releases: Array<() => void> = [];
    const ctx = (text: string) => ({
      update: {
        update_id: 1,
        message: {
          message_id: 1,
          date: 0,
          chat: { id: 1, type: 'private' },
          from: { id: 5, is_bot: false, first_name: 'u' },
          text,
          entities: [{ type: 'bot_command', offset: 0, length: text.length }],
        },
      },
      me: { username: 'DMarketDemoBot' },
      // Hangs until the test ends it, so the library's 10 s first-load timer does not outlive the file.
      api: { getMyCommands: () => (hangs++, new Promise<[]>((resolve) => releases.push(() => resolve([])))) },
    });
    const extra = 500;
    for (let i = 0; i < MAX_WAITING + extra; i++) await middleware(ctx('/unlisted') as never, async () => undefined);
    const p = parseExposition(await scrapeText(handle));
    expect(hangs).to.equal(1);
    expect(sampleValue(p, 'dmarket_bot_commands_total', { command: 'other', status: 'ok' })).to.equal(extra);
    figure(
      'getMyCommands hangs',
      `unknown commands held waiting for it (of ${MAX_WAITING + extra})`,
      `${MAX_WAITING} (cap), the rest recorded at once`,
    );
    for (const release of releases) release();
  });

  it('a handler that throws undefined counts as an error, and bot.catch still sees it', async () => {
    const api = new FakeTelegramApi();
    const root = await api.start();
    const { bot, caught } = startBot(root, (b) =>
      b.command('scan', () => {
        throw undefined;
      }),
    );
    try {
      api.sendCommand('/scan', 3001);
      expect(await eventually(async () => caught.length === 1, 10_000)).to.equal(true);
      const p = parseExposition(await scrapeText(handle));
      expect(caught[0]).to.equal(undefined);
      expect(sampleValue(p, 'dmarket_bot_commands_total', { command: 'other', status: 'error' })).to.equal(1);
      expect(sampleValue(p, 'dmarket_bot_commands_total', { command: 'other', status: 'ok' })).to.equal(undefined);
      expect(sampleValue(p, 'dmarket_bot_errors_total', { error_type: 'undefined', module: 'telegram' })).to.equal(1);
    } finally {
      await bot.stop();
      await api.stop();
    }
  });
});

import { expect } from 'chai';
import { FakeTelegramApi } from '../../demo/fake-telegram-api.js';
import type { TelemetryHandle } from '../../lib/index.js';
import { parseExposition, sampleValue, samplesOf, type ParsedExposition } from '../support/exposition.js';
import { eventually as poll } from '../support/prometheus-api.js';
import { scrapeText, startTestTelemetry } from '../support/telemetry.js';
import { ScanError, startGrammy, startTelegraf, type RunningBot } from './bots.js';

/** The fake Telegram API answers within milliseconds: poll often, so a test waits no longer than its bot. */
const eventually = (check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> => poll(check, timeoutMs, 50);

const COMMANDS = [
  { command: 'start', description: 'Start' },
  { command: 'balance', description: 'Balance' },
  { command: 'scan', description: 'Scan' },
];
/** Distinctive user ids, so a leak into the exposition would be found. */
const USERS = [918273645, 918273646, 918273647, 918273648, 918273649, 918273650];

for (const [framework, start] of [
  ['grammY', startGrammy],
  ['Telegraf', startTelegraf],
] as const) {
  describe(`telemetryMiddleware for ${framework}, real bot against a fake Telegram Bot API`, function () {
    this.timeout(30_000);
    let api: FakeTelegramApi;
    let handle: TelemetryHandle;
    let bot: RunningBot;
    let text: string;
    let p: ParsedExposition;

    before(async () => {
      handle = await startTestTelemetry();
      api = new FakeTelegramApi({ commands: COMMANDS });
      bot = start(await api.start());
      api.sendCommand(`/Start@${api.username} deep-link`, USERS[0]!);
      api.sendCommand('/balance', USERS[1]!);
      api.sendCommand('/scan now', USERS[2]!);
      api.sendCommand('/unknown', USERS[0]!);
      api.sendCommand('/start@SomeOtherBot', USERS[3]!);
      api.sendText('hello', USERS[4]!);
      api.pressButton('menu:1', USERS[5]!);
      const done = await eventually(
        async () => api.replies().length >= 5 && bot.caught.length === 1 && api.calls.some((c) => c.method === 'answerCallbackQuery'),
        15_000,
      );
      expect(done, `replies ${JSON.stringify(api.replies())}, caught ${bot.caught.length}`).to.equal(true);
      await eventually(
        async () => sampleValue(parseExposition(await scrapeText(handle)), 'dmarket_bot_active_users', { window: '5m' }) === USERS.length,
        10_000,
      );
      text = await scrapeText(handle);
      p = parseExposition(text);
    });
    after(async () => {
      await bot.stop();
      await api.stop();
      await handle.shutdown();
    });

    it('counts commands by normalised, registered name and status', () => {
      expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' })).to.equal(1);
      expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/balance', status: 'ok' })).to.equal(1);
      expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/scan', status: 'error' })).to.equal(1);
      expect(sampleValue(p, 'dmarket_bot_commands_total', { command: 'other', status: 'ok' })).to.equal(1);
      expect(
        samplesOf(p, 'dmarket_bot_commands_total')
          .map((s) => s.labels['command'])
          .sort(),
      ).to.deep.equal(['/balance', '/scan', '/start', 'other']);
    });

    it('times every command into dmarket_bot_command_duration_seconds', () => {
      for (const command of ['/start', '/balance', '/scan', 'other']) {
        expect(sampleValue(p, 'dmarket_bot_command_duration_seconds_count', { command }), command).to.equal(1);
        expect(sampleValue(p, 'dmarket_bot_command_duration_seconds_sum', { command }), command)
          .to.be.above(0)
          .and.below(10);
      }
      expect(sampleValue(p, 'dmarket_bot_command_duration_seconds_bucket', { command: '/start', le: '30' })).to.equal(1);
    });

    it('counts every update by type; a command for another bot is a plain message', () => {
      expect(sampleValue(p, 'dmarket_bot_updates_total', { update_type: 'command' })).to.equal(4);
      expect(sampleValue(p, 'dmarket_bot_updates_total', { update_type: 'message' })).to.equal(2);
      expect(sampleValue(p, 'dmarket_bot_updates_total', { update_type: 'callback_query' })).to.equal(1);
    });

    it('records a handler error and re-throws the very same error to the bot', () => {
      expect(sampleValue(p, 'dmarket_bot_errors_total', { error_type: 'ScanError', module: 'telegram' })).to.equal(1);
      expect(bot.caught).to.have.length(1);
      expect(bot.caught[0]).to.equal(bot.thrown[0]);
      expect(bot.caught[0]).to.be.instanceOf(ScanError);
    });

    it('counts distinct active users in every window without exporting a user id', () => {
      for (const window of ['5m', '1h', '24h'])
        expect(sampleValue(p, 'dmarket_bot_active_users', { window }), window).to.equal(USERS.length);
      for (const id of USERS) expect(text).to.not.include(String(id));
    });
  });
}

describe('telemetryMiddleware options', function () {
  this.timeout(30_000);

  it('an allow-list decides which commands keep their name; the bot without telemetry replies the same', async () => {
    const handle = await startTestTelemetry();
    const api = new FakeTelegramApi({ commands: COMMANDS });
    const root = await api.start();
    const withList = startGrammy(root, { commands: ['balance'] });
    try {
      api.sendCommand('/balance', 1);
      api.sendCommand('/scan', 2);
      api.sendCommand('/start', 3);
      expect(await eventually(async () => api.replies().length >= 2 && withList.caught.length === 1, 15_000)).to.equal(true);
      await eventually(
        async () =>
          sampleValue(parseExposition(await scrapeText(handle)), 'dmarket_bot_commands_total', { command: 'other', status: 'error' }) === 1,
        5_000,
      );
      const p = parseExposition(await scrapeText(handle));
      expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/balance', status: 'ok' })).to.equal(1);
      expect(sampleValue(p, 'dmarket_bot_commands_total', { command: '/start', status: 'ok' })).to.equal(1);
      expect(sampleValue(p, 'dmarket_bot_commands_total', { command: 'other', status: 'error' })).to.equal(1);
    } finally {
      await withList.stop();
    }
    const repliesWith = api.replies();
    const plainApi = new FakeTelegramApi({ commands: COMMANDS });
    const plain = startGrammy(await plainApi.start(), false);
    try {
      plainApi.sendCommand('/balance', 1);
      plainApi.sendCommand('/scan', 2);
      plainApi.sendCommand('/start', 3);
      expect(await eventually(async () => plainApi.replies().length >= 2 && plain.caught.length === 1, 15_000)).to.equal(true);
      expect(plainApi.replies()).to.deep.equal(repliesWith);
    } finally {
      await plain.stop();
      await plainApi.stop();
      await api.stop();
      await handle.shutdown();
    }
  });
});

import { DEMO_COMMANDS } from './telegram-bot.js';
import type { FakeTelegramApi } from './fake-telegram-api.js';

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/**
 * Telegram users of the demo: a pool of a few thousand, sending commands (some with the bot's
 * @username, one in ten a typo), plain messages and button presses into the fake Bot API.
 */
export class SimulatedUsers {
  private timer: NodeJS.Timeout | undefined;
  private pool = 300;

  constructor(private readonly telegram: FakeTelegramApi) {}

  start(everyMs = 250): void {
    this.timer = setInterval(() => this.act(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private act(): void {
    // The user base drifts, so the 5 m / 1 h windows move.
    this.pool = Math.min(3000, Math.max(50, this.pool + Math.floor(Math.random() * 41) - 20));
    const userId = 100_000 + Math.floor(Math.random() * this.pool);
    const roll = Math.random();
    if (roll < 0.1) this.telegram.sendCommand(`/typo${Math.floor(Math.random() * 1e6)}`, userId);
    else if (roll < 0.2) this.telegram.sendText('hello', userId);
    else if (roll < 0.3) this.telegram.pressButton('menu:refresh', userId);
    else if (roll < 0.4) this.telegram.sendCommand(`/${pick(DEMO_COMMANDS)}@${this.telegram.username} now`, userId);
    else this.telegram.sendCommand(`/${pick(DEMO_COMMANDS)}`, userId);
  }
}

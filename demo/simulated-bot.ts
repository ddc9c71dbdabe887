/**
 * The simulated trading side of the demo bot: the scanner runs arbitrage scans over levels and
 * games, targets are created and hit, trades happen, balance and caches are reported. Telegram
 * commands and active users come from the real grammY bot (telegram-bot.ts).
 */
import { MetricsCollector } from '../lib/index.js';
import type { DemoDmarketClient } from './dmarket-client.js';

const LEVELS = ['boost', 'standard', 'medium', 'advanced', 'pro'];
const GAMES = ['a8db', '9a92', 'tf2', 'rust'];
const CACHES = ['price', 'market_data', 'history', 'user', 'api_response', 'arbitrage_results'];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

export class SimulatedBot {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly targets = new Map<string, number>();

  constructor(private readonly api: DemoDmarketClient) {}

  start(): void {
    // Open targets left from a previous run, as the real bot finds them at start-up.
    for (const game of ['csgo', 'dota2', 'tf2', 'rust']) this.targets.set(game, 1 + Math.floor(Math.random() * 5));
    this.every(700, () => this.arbitrageScan());
    this.every(1000, () => this.housekeeping());
    void this.housekeeping();
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
  }

  private every(ms: number, task: () => Promise<void>): void {
    this.timers.push(setInterval(() => void task().catch(() => undefined), ms));
  }

  private async arbitrageScan(): Promise<void> {
    const level = pick(LEVELS);
    const game = pick(GAMES);
    const started = performance.now();
    const res = await this.api.call('GET', `/exchange/v1/market/items?gameId=${game}&orderBy=price&limit=100`);
    await this.api.call('GET', `/marketplace-api/v1/targets-by-title/${game}/${encodeURIComponent('AK-47 | Redline')}`);
    if (!res.ok) {
      MetricsCollector.recordError('scan_failed', 'arbitrage');
      return;
    }
    if (Math.random() < 0.05) {
      MetricsCollector.recordError('PriceParseError', 'arbitrage');
      return;
    }
    const found = Math.random() < 0.6 ? Math.floor(Math.random() * 6) : 0;
    MetricsCollector.recordArbitrageScan({ level, game, duration: (performance.now() - started) / 1000, found });
    if (found > 0) await this.createTarget(game);
  }

  private async createTarget(game: string): Promise<void> {
    const res = await this.api.call('POST', '/marketplace-api/v1/user-targets/create');
    if (!res.ok) return;
    MetricsCollector.recordTargetCreated({ game });
    this.targets.set(game, (this.targets.get(game) ?? 0) + 1);
    if (Math.random() < 0.5) {
      MetricsCollector.recordTargetHit({ game });
      this.targets.set(game, Math.max(0, (this.targets.get(game) ?? 1) - 1));
      const amountUsd = Math.round((0.5 + Math.random() * 100) * 100) / 100;
      MetricsCollector.recordTrade({ type: 'buy', game, amountUsd });
      if (Math.random() < 0.7) MetricsCollector.recordTrade({ type: 'sell', game, amountUsd: amountUsd * 1.08 });
    }
  }

  private async housekeeping(): Promise<void> {
    for (const game of ['csgo', 'dota2', 'tf2', 'rust']) MetricsCollector.updateActiveTargets(this.targets.get(game) ?? 0, { game });
    for (const cacheType of CACHES) MetricsCollector.updateCacheSize(Math.floor(Math.random() * 5000), { cacheType });
    const res = await this.api.callWithHttp('GET', '/account/v1/balance');
    const usd = Number((res.body as { usd?: string } | undefined)?.usd);
    if (res.ok && Number.isFinite(usd)) MetricsCollector.updateBalance(usd / 100);
  }
}

/**
 * The simulated trading side of the demo bot: market scans over levels and games, then in turn
 * targets, instant buys, offers, inventory, fees and deposits (trading-flows.ts), balance and
 * caches. Telegram commands and active users come from the real grammY bot (telegram-bot.ts).
 */
import { MetricsCollector } from '../lib/index.js';
import type { DemoDmarketClient } from './dmarket-client.js';
import { TradingFlows } from './trading-flows.js';

const LEVELS = ['boost', 'standard', 'medium', 'advanced', 'pro'];
const GAMES = ['a8db', '9a92', 'tf2', 'rust'];
const CACHES = ['price', 'market_data', 'history', 'user', 'api_response', 'arbitrage_results'];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

export class SimulatedBot {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly targets = new Map<string, number>();
  private readonly flows: TradingFlows;
  private step = 0;

  constructor(api: DemoDmarketClient) {
    this.flows = new TradingFlows(api);
  }

  start(): void {
    // Open targets left from a previous run, as the real bot finds them at start-up.
    for (const game of ['csgo', 'dota2', 'tf2', 'rust']) this.targets.set(game, 1 + Math.floor(Math.random() * 5));
    this.every(700, () => this.arbitrageScan());
    this.every(600, () => this.trade());
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
    const scan = await this.flows.scanMarket(game);
    if (!scan.ok) {
      MetricsCollector.recordError('scan_failed', 'arbitrage');
      return;
    }
    if (Math.random() < 0.05) {
      MetricsCollector.recordError('PriceParseError', 'arbitrage');
      return;
    }
    const found = Math.random() < 0.6 ? Math.floor(Math.random() * 6) : 0;
    MetricsCollector.recordArbitrageScan({ level, game, duration: (performance.now() - started) / 1000, found });
  }

  /** One trading flow per tick, in the order a bot works through its cycle. */
  private async trade(): Promise<void> {
    const game = pick(GAMES);
    switch (this.step++ % 5) {
      case 0: {
        if (!(await this.flows.manageTargets(game)).created) return;
        MetricsCollector.recordTargetCreated({ game });
        this.targets.set(game, (this.targets.get(game) ?? 0) + 1);
        return;
      }
      case 1: {
        if (!(await this.flows.buyOffers()).bought) return;
        MetricsCollector.recordTargetHit({ game });
        this.targets.set(game, Math.max(0, (this.targets.get(game) ?? 1) - 1));
        MetricsCollector.recordTrade({ type: 'buy', game, amountUsd: Math.round((0.5 + Math.random() * 100) * 100) / 100 });
        return;
      }
      case 2: {
        if ((await this.flows.manageOffers(game)).sold)
          MetricsCollector.recordTrade({ type: 'sell', game, amountUsd: Math.round((0.5 + Math.random() * 110) * 100) / 100 });
        return;
      }
      case 3:
        return this.flows.syncInventory(game);
      default:
        return this.flows.feesAndDeposits(game);
    }
  }

  private async housekeeping(): Promise<void> {
    for (const game of ['csgo', 'dota2', 'tf2', 'rust']) MetricsCollector.updateActiveTargets(this.targets.get(game) ?? 0, { game });
    for (const cacheType of CACHES) MetricsCollector.updateCacheSize(Math.floor(Math.random() * 5000), { cacheType });
    const usd = await this.flows.account();
    if (usd !== undefined) MetricsCollector.updateBalance(usd);
  }
}

import { diag } from '@opentelemetry/api';
import type { CounterName, GaugeName, HistogramName, LabelsOf } from '../catalog.js';
import type { CatalogInstruments } from '../sdk/instruments.js';
import { checkNumber, type DropReason } from './drops.js';
import { pick, RecordingState, type MetricsCollectorOptions, type RawLabels } from './recording-state.js';
import { ActiveUsersPublisher } from '../active-users/publisher.js';
import type { ApiRequestRecord, ArbitrageScanRecord, CacheOptions, CommandOptions, GameRecord, RateLimitOptions, TradeRecord, UpdateOptions } from './types.js';

export type { MetricsCollectorOptions };

/**
 * The bot-facing recording API. Every call validates its input, bounds its labels and never
 * throws: unusable recordings are dropped and counted in `dmarket_bot_telemetry_dropped_total`.
 */
export class MetricsCollectorCore {
  /** @internal Shared with the HTTP auto-capture so both paths use the same label bounds. */
  readonly state: RecordingState;
  private readonly instruments: CatalogInstruments;
  private readonly activeUsers: ActiveUsersPublisher;
  private warnedAutoCaptured = false;

  constructor(instruments: CatalogInstruments, options: MetricsCollectorOptions = {}) {
    this.instruments = instruments;
    this.state = new RecordingState(instruments, options);
    this.activeUsers = new ActiveUsersPublisher((window, count) => instruments.set('dmarket_bot_active_users', count, { window }));
  }

  /** `userId` feeds the active-user estimates (never a label); `duration` (s) the latency histogram. */
  recordCommand(command: string, options: CommandOptions = {}): void {
    this.state.guard('recordCommand', () => {
      const bad = options.duration === undefined ? undefined : checkNumber(options.duration, true);
      if (bad) return bad;
      const attrs = this.state.resolve({ command, status: options.status ?? 'ok' });
      if (!attrs) return 'invalid_label';
      this.instruments.add('dmarket_bot_commands_total', 1, attrs);
      if (options.duration !== undefined) this.instruments.observe('dmarket_bot_command_duration_seconds', options.duration, pick('dmarket_bot_command_duration_seconds', attrs));
      this.seeUser(options.userId);
      return undefined;
    });
  }

  /** One Telegram update of `updateType` (`message`, `callback_query`, … or `command`). */
  recordUpdate(updateType: string, options: UpdateOptions = {}): void {
    this.state.guard('recordUpdate', () => {
      const dropped = this.count('dmarket_bot_updates_total', 1, { update_type: updateType });
      if (!dropped) this.seeUser(options.userId);
      return dropped;
    });
  }

  recordApiRequest(request: ApiRequestRecord): void {
    this.state.guard('recordApiRequest', () => {
      const bad = checkNumber(request.duration, true);
      if (bad) return bad;
      const attrs = this.state.resolve({ endpoint: request.endpoint, method: request.method, status: request.status });
      if (!attrs) return 'invalid_label';
      if (this.deferToAutoCapture(attrs['endpoint'])) return undefined;
      this.state.dmarket.record(request.status);
      this.instruments.add('dmarket_bot_api_requests_total', 1, pick('dmarket_bot_api_requests_total', attrs));
      this.instruments.observe('dmarket_bot_api_request_duration_seconds', request.duration, pick('dmarket_bot_api_request_duration_seconds', attrs));
      return undefined;
    });
  }

  recordError(errorType: string, module: string): void {
    this.state.guard('recordError', () => this.count('dmarket_bot_errors_total', 1, { error_type: errorType, module }));
  }

  recordArbitrageScan(scan: ArbitrageScanRecord): void {
    this.state.guard('recordArbitrageScan', () => {
      const found = scan.found ?? 0;
      const bad = checkNumber(scan.duration, true) ?? checkNumber(found, true);
      if (bad) return bad;
      const attrs = this.state.resolve({ level: scan.level, game: scan.game });
      if (!attrs) return 'invalid_label';
      this.instruments.add('dmarket_bot_arbitrage_scans_total', 1, attrs);
      // Adding 0 still creates the series, so "opportunities per scan" never divides by absent data.
      this.instruments.add('dmarket_bot_arbitrage_opportunities_found_total', found, attrs);
      this.instruments.observe('dmarket_bot_arbitrage_scan_duration_seconds', scan.duration, attrs);
      return undefined;
    });
  }

  recordTargetCreated(target: GameRecord): void {
    this.state.guard('recordTargetCreated', () => this.count('dmarket_bot_targets_created_total', 1, { game: target?.game }));
  }

  recordTargetHit(target: GameRecord): void {
    this.state.guard('recordTargetHit', () => this.count('dmarket_bot_targets_hit_total', 1, { game: target?.game }));
  }

  recordTrade(trade: TradeRecord): void {
    this.state.guard('recordTrade', () => {
      const bad = checkNumber(trade.amountUsd, true);
      if (bad) return bad;
      const attrs = this.state.resolve({ type: trade.type, game: trade.game });
      if (!attrs) return 'invalid_label';
      this.instruments.add('dmarket_bot_trades_total', 1, attrs);
      this.instruments.add('dmarket_bot_trade_volume_usd_total', trade.amountUsd, attrs);
      return undefined;
    });
  }

  /** Overrides the computed active-user estimates in every window, for the life of the process. */
  updateActiveUsers(count: number): void {
    this.state.guard('updateActiveUsers', () => {
      const bad = checkNumber(count, true);
      if (bad) return bad;
      this.activeUsers.override(count);
      return undefined;
    });
  }

  /** Stops the active-user refresh timer (telemetry shutdown). */
  close(): void {
    this.activeUsers.close();
    this.state.rateLimits.close();
  }

  updateActiveTargets(count: number, target: GameRecord): void {
    this.state.guard('updateActiveTargets', () => this.gauge('dmarket_bot_active_targets', count, true, { game: target?.game }));
  }

  updateBalance(usd: number): void {
    this.state.guard('updateBalance', () => this.gauge('dmarket_bot_balance_usd', usd, false, {}));
  }

  updateCacheSize(entries: number, cache: CacheOptions): void {
    this.state.guard('updateCacheSize', () => this.gauge('dmarket_bot_cache_size', entries, true, { cache_type: cache?.cacheType }));
  }

  /** Rate-limit state for transports the auto-capture does not see (it reads the headers itself). */
  updateRateLimit(remaining: number, options: RateLimitOptions): void {
    this.state.guard('updateRateLimit', () => {
      const limit = options?.limit;
      const bad = checkNumber(remaining, true) ?? (limit === undefined ? undefined : checkNumber(limit, true));
      if (bad) return bad;
      const attrs = this.state.resolve({ scope: options.scope });
      if (!attrs) return 'invalid_label';
      const reset = options.resetSeconds;
      this.state.rateLimits.set(String(attrs['scope']), remaining, limit, typeof reset === 'number' && Number.isFinite(reset) ? reset : undefined);
      return undefined;
    });
  }

  /**
   * Times `fn` into a duration histogram (the seed's `measure_time`), also when it throws;
   * the result or error passes through unchanged.
   */
  async measureTime<T, H extends HistogramName>(metric: H, labels: Record<LabelsOf<H>, string>, fn: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      const seconds = (performance.now() - start) / 1000;
      this.state.guard('measureTime', () => {
        const attrs = this.state.resolve(labels as RawLabels);
        if (!attrs) return 'invalid_label';
        this.instruments.observe(metric, seconds, pick(metric, attrs));
        return undefined;
      });
    }
  }

  private seeUser(userId: unknown): void {
    if ((typeof userId === 'number' && Number.isFinite(userId)) || (typeof userId === 'string' && userId !== '')) this.activeUsers.see(userId);
  }

  private count(name: CounterName, value: number, raw: RawLabels): DropReason | undefined {
    const attrs = this.state.resolve(raw);
    if (!attrs) return 'invalid_label';
    this.instruments.add(name, value, attrs);
    return undefined;
  }

  private gauge(name: GaugeName, value: unknown, nonNegative: boolean, raw: RawLabels): DropReason | undefined {
    const bad = checkNumber(value, nonNegative);
    if (bad) return bad;
    const attrs = this.state.resolve(raw);
    if (!attrs) return 'invalid_label';
    this.instruments.set(name, value as number, attrs);
    return undefined;
  }

  /**
   * Auto-capture wins for DMarket routes it sees: a manual call for a templated route would
   * count the same request twice, so it is skipped (one diag warning).
   */
  private deferToAutoCapture(endpoint: unknown): boolean {
    if (!this.state.autoCaptureActive || typeof endpoint !== 'string' || !this.state.endpoints.isTemplate(endpoint)) return false;
    if (!this.warnedAutoCaptured) {
      this.warnedAutoCaptured = true;
      diag.warn('dmarket-bot-telemetry: recordApiRequest for a DMarket route is ignored while HTTP auto-capture records it');
    }
    return true;
  }

}

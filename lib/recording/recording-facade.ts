import { diag, type Counter, type Gauge, type Histogram } from '@opentelemetry/api';
import { CATALOG, type CounterName, type GaugeName, type HistogramName, type LabelsOf } from '../catalog.js';
import type { CatalogInstruments } from '../sdk/instruments.js';
import { checkIncrement, checkNumber, type DropReason } from './drops.js';
import { RecordingState, type MetricsCollectorOptions, type RawLabels } from './recording-state.js';
import { CapturedCallRecorder, type CapturedCallSink } from './captured-calls.js';
import type { ActivityResult } from './dmarket-activity.js';
import { ActiveUsersPublisher } from '../active-users/publisher.js';
import type { HotSeries } from './hot-series.js';
import type { LabelName } from '../labels/label-names.js';
import type {
  ApiRequestRecord,
  ArbitrageScanRecord,
  CacheOptions,
  CommandOptions,
  GameRecord,
  RateLimitOptions,
  TradeRecord,
  UpdateOptions,
} from './types.js';

export type { MetricsCollectorOptions };

const NO_OPTIONS: CommandOptions = {};
const NO_LABELS = Object.freeze({});
const HISTOGRAMS = new Map<string, { readonly labels: readonly LabelName[] }>(
  CATALOG.filter((s) => s.kind === 'histogram').map((s) => [s.name, s]),
);

/**
 * The bot-facing recording API. Every call validates its input, bounds its labels and never
 * throws: unusable recordings are dropped and counted in `dmarket_bot_telemetry_dropped_total`.
 */
export class RecordingFacade {
  // Shared with the HTTP auto-capture (through beginCapture) so both paths use the same label bounds.
  private readonly state: RecordingState;
  private readonly instruments: CatalogInstruments;
  private readonly activeUsers: ActiveUsersPublisher;
  private readonly hot: HotSeries;
  // The hot calls record straight into their instruments with cached, admitted attributes.
  private readonly commandsTotal: Counter;
  private readonly commandDuration: Histogram;
  private readonly apiRequestsTotal: Counter;
  private readonly apiRequestDuration: Histogram;
  private readonly balance: Gauge;
  private warnedAutoCaptured = false;

  constructor(instruments: CatalogInstruments, options: MetricsCollectorOptions = {}) {
    this.instruments = instruments;
    this.state = new RecordingState(instruments, options);
    this.hot = this.state.hot;
    this.commandsTotal = instruments.counter('dmarket_bot_commands_total');
    this.commandDuration = instruments.histogram('dmarket_bot_command_duration_seconds');
    this.apiRequestsTotal = instruments.counter('dmarket_bot_api_requests_total');
    this.apiRequestDuration = instruments.histogram('dmarket_bot_api_request_duration_seconds');
    this.balance = instruments.gauge('dmarket_bot_balance_usd');
    this.activeUsers = new ActiveUsersPublisher((window, count) => instruments.set('dmarket_bot_active_users', count, { window }));
  }

  /** `userId` feeds the active-user estimates (never a label); `duration` (s) the latency histogram. */
  recordCommand(command: string, options: CommandOptions = NO_OPTIONS): void {
    this.state.guard('recordCommand', () => {
      const { duration } = options;
      const bad = duration === undefined ? undefined : checkNumber(duration, true);
      if (bad) return bad;
      const series = this.hot.command(command, options.status ?? 'ok');
      if (typeof series === 'string') return series;
      this.commandsTotal.add(1, series.commands);
      if (duration !== undefined) this.commandDuration.record(duration, this.hot.commandDuration(series));
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
      const { duration, status } = request;
      const bad = checkNumber(duration, true);
      if (bad) return bad;
      const series = this.hot.api(request.endpoint, request.method, status);
      if (typeof series === 'string') return series;
      if (series.template && this.deferToAutoCapture()) return undefined;
      this.state.dmarket.record(status);
      this.apiRequestsTotal.add(1, series.requests);
      this.apiRequestDuration.record(duration, series.duration);
      return undefined;
    });
  }

  recordError(errorType: string, module: string): void {
    this.state.guard('recordError', () => this.count('dmarket_bot_errors_total', 1, { error_type: errorType, module }));
  }

  recordArbitrageScan(scan: ArbitrageScanRecord): void {
    this.state.guard('recordArbitrageScan', () => {
      const found = scan.found ?? 0;
      const bad = checkNumber(scan.duration, true) ?? checkIncrement(found);
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
      const bad = checkIncrement(trade.amountUsd);
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
  /** @internal Stops the timers of the active-user windows and rate-limit expiry (shutdown). */
  close(): void {
    this.activeUsers.close();
    this.state.rateLimits.close();
  }

  /** @internal Auto-capture feeds the API metrics until `end()`; manual API calls defer to it meanwhile. */
  beginCapture(): { readonly calls: CapturedCallSink; end(): void } {
    return { calls: new CapturedCallRecorder(this.state), end: this.state.deferManualApiCalls() };
  }

  /** @internal Counts a recording lost outside the facade (a failed metrics collection). */
  countDrop(reason: DropReason, where: string): void {
    this.state.drops.drop(reason, where);
  }

  /** @internal The `dmarket_api` health check over the DMarket activity seen by this facade. */
  dmarketCheck(degradedAfter: number | false, failAfter: number | false): () => ActivityResult {
    return this.state.dmarket.check(degradedAfter, failAfter);
  }

  /** @internal Raw label tuples the series cache holds (tests: a flood of unique values is not cached). */
  get cachedSeriesTuples(): number {
    return this.hot.cachedTuples;
  }

  updateActiveTargets(count: number, target: GameRecord): void {
    this.state.guard('updateActiveTargets', () => this.gauge('dmarket_bot_active_targets', count, true, { game: target?.game }));
  }

  updateBalance(usd: number): void {
    this.state.guard('updateBalance', () => {
      const bad = checkNumber(usd, false);
      if (bad) return bad;
      // No labels: nothing to resolve or bound.
      this.balance.record(usd, NO_LABELS);
      return undefined;
    });
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
      this.state.rateLimits.set(
        String(attrs['scope']),
        remaining,
        limit,
        typeof reset === 'number' && Number.isFinite(reset) ? reset : undefined,
      );
      return undefined;
    });
  }

  /**
   * Times `fn` into a duration histogram (the seed's `measure_time`), also when it throws;
   * the result or error passes through unchanged. `fn` runs synchronously, started or not. A
   * name that is not a catalog histogram, or labels missing one the metric carries, drop the
   * timing (counted), never the call.
   */
  async measureTime<T, H extends HistogramName>(metric: H, labels: Record<LabelsOf<H>, string>, fn: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      const seconds = (performance.now() - start) / 1000;
      this.state.guard('measureTime', () => {
        const spec = HISTOGRAMS.get(metric);
        if (!spec) return 'unknown_metric';
        const given = (labels ?? {}) as RawLabels;
        if (spec.labels.some((label) => given[label] === undefined)) return 'invalid_label';
        const attrs = this.state.resolve(Object.fromEntries(spec.labels.map((label) => [label, given[label]])) as RawLabels);
        if (!attrs) return 'invalid_label';
        this.instruments.observe(metric, seconds, attrs);
        return undefined;
      });
    }
  }

  private seeUser(userId: unknown): void {
    if ((typeof userId === 'number' && Number.isFinite(userId)) || (typeof userId === 'string' && userId !== ''))
      this.activeUsers.see(userId);
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
  private deferToAutoCapture(): boolean {
    if (!this.state.autoCaptureActive) return false;
    if (!this.warnedAutoCaptured) {
      this.warnedAutoCaptured = true;
      diag.warn('dmarket-bot-telemetry: recordApiRequest for a DMarket route is ignored while HTTP auto-capture records it');
    }
    return true;
  }
}

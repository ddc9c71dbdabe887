import type { Attributes } from '@opentelemetry/api';
import { getMetricSpec, type CounterName, type GaugeName, type HistogramName, type LabelsOf, type MetricName } from '../catalog.js';
import { EndpointTemplater, pathOf } from '../labels/endpoint-label.js';
import type { LabelName } from '../labels/label-names.js';
import { LabelNormalizer } from '../labels/label-normalizer.js';
import type { CatalogInstruments } from '../sdk/instruments.js';
import { checkNumber, DropRecorder, type DropReason } from './drops.js';
import type { ApiRequestRecord, ArbitrageScanRecord, CacheOptions, CommandOptions, GameRecord, TradeRecord } from './types.js';

type RawLabels = Partial<Record<LabelName, unknown>>;

export interface MetricsCollectorOptions {
  /** Caps on distinct values per free-form label (command, endpoint, error_type, …). */
  readonly labelCaps?: Partial<Record<LabelName, number>>;
  /** Extra endpoint route templates, e.g. `/my-proxy/v1/items/{id}`. */
  readonly endpointTemplates?: readonly string[];
}

/**
 * The bot-facing recording API. Every call validates its input, bounds its labels and never
 * throws: unusable recordings are dropped and counted in `dmarket_bot_telemetry_dropped_total`.
 */
export class MetricsCollectorCore {
  protected readonly drops: DropRecorder;
  private readonly labels: LabelNormalizer;
  private readonly endpoints: EndpointTemplater;

  constructor(private readonly instruments: CatalogInstruments, options: MetricsCollectorOptions = {}) {
    this.drops = new DropRecorder(instruments);
    this.labels = new LabelNormalizer(options.labelCaps);
    this.endpoints = new EndpointTemplater(options.endpointTemplates);
  }

  recordCommand(command: string, options: CommandOptions = {}): void {
    this.guard('recordCommand', () => this.count('dmarket_bot_commands_total', 1, { command, status: options.status ?? 'ok' }));
  }

  recordApiRequest(request: ApiRequestRecord): void {
    this.guard('recordApiRequest', () => {
      const bad = checkNumber(request.duration, true);
      if (bad) return bad;
      const attrs = this.resolve({ endpoint: request.endpoint, method: request.method, status: request.status });
      if (!attrs) return 'invalid_label';
      this.instruments.add('dmarket_bot_api_requests_total', 1, pick('dmarket_bot_api_requests_total', attrs));
      this.instruments.observe('dmarket_bot_api_request_duration_seconds', request.duration, pick('dmarket_bot_api_request_duration_seconds', attrs));
      return undefined;
    });
  }

  recordError(errorType: string, module: string): void {
    this.guard('recordError', () => this.count('dmarket_bot_errors_total', 1, { error_type: errorType, module }));
  }

  recordArbitrageScan(scan: ArbitrageScanRecord): void {
    this.guard('recordArbitrageScan', () => {
      const found = scan.found ?? 0;
      const bad = checkNumber(scan.duration, true) ?? checkNumber(found, true);
      if (bad) return bad;
      const attrs = this.resolve({ level: scan.level, game: scan.game });
      if (!attrs) return 'invalid_label';
      this.instruments.add('dmarket_bot_arbitrage_scans_total', 1, attrs);
      // Adding 0 still creates the series, so "opportunities per scan" never divides by absent data.
      this.instruments.add('dmarket_bot_arbitrage_opportunities_found_total', found, attrs);
      this.instruments.observe('dmarket_bot_arbitrage_scan_duration_seconds', scan.duration, attrs);
      return undefined;
    });
  }

  recordTargetCreated(target: GameRecord): void {
    this.guard('recordTargetCreated', () => this.count('dmarket_bot_targets_created_total', 1, { game: target?.game }));
  }

  recordTargetHit(target: GameRecord): void {
    this.guard('recordTargetHit', () => this.count('dmarket_bot_targets_hit_total', 1, { game: target?.game }));
  }

  recordTrade(trade: TradeRecord): void {
    this.guard('recordTrade', () => {
      const bad = checkNumber(trade.amountUsd, true);
      if (bad) return bad;
      const attrs = this.resolve({ type: trade.type, game: trade.game });
      if (!attrs) return 'invalid_label';
      this.instruments.add('dmarket_bot_trades_total', 1, attrs);
      this.instruments.add('dmarket_bot_trade_volume_usd_total', trade.amountUsd, attrs);
      return undefined;
    });
  }

  updateActiveUsers(count: number): void {
    this.guard('updateActiveUsers', () => this.gauge('dmarket_bot_active_users', count, true, {}));
  }

  updateActiveTargets(count: number, target: GameRecord): void {
    this.guard('updateActiveTargets', () => this.gauge('dmarket_bot_active_targets', count, true, { game: target?.game }));
  }

  updateBalance(usd: number): void {
    this.guard('updateBalance', () => this.gauge('dmarket_bot_balance_usd', usd, false, {}));
  }

  updateCacheSize(entries: number, cache: CacheOptions): void {
    this.guard('updateCacheSize', () => this.gauge('dmarket_bot_cache_size', entries, true, { cache_type: cache?.cacheType }));
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
      this.guard('measureTime', () => {
        const attrs = this.resolve(labels as RawLabels);
        if (!attrs) return 'invalid_label';
        this.instruments.observe(metric, seconds, pick(metric, attrs));
        return undefined;
      });
    }
  }

  private count(name: CounterName, value: number, raw: RawLabels): DropReason | undefined {
    const attrs = this.resolve(raw);
    if (!attrs) return 'invalid_label';
    this.instruments.add(name, value, attrs);
    return undefined;
  }

  private gauge(name: GaugeName, value: unknown, nonNegative: boolean, raw: RawLabels): DropReason | undefined {
    const bad = checkNumber(value, nonNegative);
    if (bad) return bad;
    const attrs = this.resolve(raw);
    if (!attrs) return 'invalid_label';
    this.instruments.set(name, value as number, attrs);
    return undefined;
  }

  /** Bounded label values in the given key order, or `undefined` if any is unusable. */
  private resolve(raw: RawLabels): Attributes | undefined {
    const attrs: Attributes = {};
    for (const key of Object.keys(raw) as LabelName[]) {
      const value = key === 'endpoint' ? this.endpointLabel(raw.endpoint) : this.labels.normalize(key, raw[key]);
      if (value === undefined) return undefined;
      attrs[key] = value;
    }
    return attrs;
  }

  private endpointLabel(raw: unknown): string | undefined {
    if (typeof raw !== 'string') return undefined;
    return this.endpoints.template(raw) ?? this.labels.normalize('endpoint', pathOf(raw));
  }

  private guard(where: string, body: () => DropReason | undefined): void {
    try {
      const reason = body();
      if (reason) this.drops.drop(reason, where);
    } catch {
      this.drops.drop('internal_error', where);
    }
  }
}

/** The subset of `attrs` that metric `name` carries, in catalog order. */
function pick(name: MetricName, attrs: Attributes): Attributes {
  const out: Attributes = {};
  for (const label of getMetricSpec(name).labels) out[label] = attrs[label];
  return out;
}

import { diag } from '@opentelemetry/api';
import type { HistogramName, LabelsOf } from '../catalog.js';
import { readSlot, writeSlot } from '../process-state.js';
import type { CatalogInstruments } from '../sdk/instruments.js';
import { RecordingFacade } from './recording-facade.js';
import type { MetricsCollectorOptions } from './recording-state.js';
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

type Core = RecordingFacade;

/** @internal Process-wide slots of this module (lib/process-state.ts). */
declare module '../process-state.js' {
  interface ProcessSlots {
    /** Where the static MetricsCollector calls go: the running global instance's recording facade. */
    staticTarget: RecordingFacade;
    /** "Called before startTelemetry()" is logged once per process. */
    warnedNotStarted: boolean;
  }
}

/**
 * The seed's module-level API (`MetricsCollector.recordCommand(...)`) and the instance API in
 * one class. Static calls go to the collector of the running `startTelemetry()`; before it
 * starts (or after shutdown) they are no-ops, so importing the bot never depends on start order.
 */
export class MetricsCollector extends RecordingFacade {
  /** @internal startTelemetry() builds the instance; bots get it as `handle.metrics` (or use the static calls). */
  static create(instruments: CatalogInstruments, options?: MetricsCollectorOptions): MetricsCollector {
    return new MetricsCollector(instruments, options);
  }

  private constructor(instruments: CatalogInstruments, options?: MetricsCollectorOptions) {
    super(instruments, options);
  }

  // Declared one by one (not generated at run time) so editors list and navigate them. Each
  // forwards to the running instance's method of the same name (RecordingFacade).
  /** A Telegram command; see RecordingFacade.recordCommand. */
  static recordCommand(command: string, options?: CommandOptions): void {
    running()?.recordCommand(command, options);
  }

  /** One Telegram update of `updateType`. */
  static recordUpdate(updateType: string, options?: UpdateOptions): void {
    running()?.recordUpdate(updateType, options);
  }

  /** A DMarket API call the auto-capture does not see. */
  static recordApiRequest(request: ApiRequestRecord): void {
    running()?.recordApiRequest(request);
  }

  /** An error of the bot, by type and module. */
  static recordError(errorType: string, module: string): void {
    running()?.recordError(errorType, module);
  }

  /** One arbitrage scan: level, game, duration and opportunities found. */
  static recordArbitrageScan(scan: ArbitrageScanRecord): void {
    running()?.recordArbitrageScan(scan);
  }

  /** A buy target created. */
  static recordTargetCreated(target: GameRecord): void {
    running()?.recordTargetCreated(target);
  }

  /** A buy target filled. */
  static recordTargetHit(target: GameRecord): void {
    running()?.recordTargetHit(target);
  }

  /** A trade and its USD volume. */
  static recordTrade(trade: TradeRecord): void {
    running()?.recordTrade(trade);
  }

  /** Overrides the computed active-user estimates in every window. */
  static updateActiveUsers(count: number): void {
    running()?.updateActiveUsers(count);
  }

  /** Active buy targets of a game. */
  static updateActiveTargets(count: number, target: GameRecord): void {
    running()?.updateActiveTargets(count, target);
  }

  /** The account balance in USD. */
  static updateBalance(usd: number): void {
    running()?.updateBalance(usd);
  }

  /** Entries in one of the bot's caches. */
  static updateCacheSize(entries: number, cache: CacheOptions): void {
    running()?.updateCacheSize(entries, cache);
  }

  /** Rate-limit state for transports the auto-capture does not see. */
  static updateRateLimit(remaining: number, options: RateLimitOptions): void {
    running()?.updateRateLimit(remaining, options);
  }

  /** Runs `fn` untimed when telemetry is not started; synchronously either way, so start order never changes the bot. */
  static measureTime<T, H extends HistogramName>(metric: H, labels: Record<LabelsOf<H>, string>, fn: () => T | Promise<T>): Promise<T> {
    const active = running();
    return active ? active.measureTime(metric, labels, fn) : (async () => fn())();
  }
}

/** @internal Makes `collector` the target of the static calls (startTelemetry); `undefined` detaches it. */
export function setStaticTarget(collector: Core | undefined): void {
  writeSlot('staticTarget', collector);
}

/** @internal The collector the static calls go to: the running global instance's, if any. */
export function staticTarget(): Core | undefined {
  return readSlot('staticTarget');
}

function running(): Core | undefined {
  const active = readSlot('staticTarget');
  if (!active && !readSlot('warnedNotStarted')) {
    writeSlot('warnedNotStarted', true);
    diag.warn('dmarket-bot-telemetry: MetricsCollector called before startTelemetry(); the recording is ignored');
  }
  return active;
}

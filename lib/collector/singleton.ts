import { diag } from '@opentelemetry/api';
import type { HistogramName, LabelsOf } from '../catalog.js';
import { MetricsCollectorCore } from './metrics-collector.js';

type Core = MetricsCollectorCore;
let warnedNotStarted = false;

/**
 * The seed's module-level API (`MetricsCollector.recordCommand(...)`) and the instance API in
 * one class. Static calls go to the collector of the running `startTelemetry()`; before it
 * starts (or after shutdown) they are no-ops, so importing the bot never depends on start order.
 */
export class MetricsCollector extends MetricsCollectorCore {
  private static active: Core | undefined;

  /** Makes `collector` the target of the static calls; `undefined` detaches it. */
  static setActive(collector: Core | undefined): void {
    MetricsCollector.active = collector;
  }

  static getActive(): Core | undefined {
    return MetricsCollector.active;
  }

  static recordCommand(...args: Parameters<Core['recordCommand']>): void {
    target()?.recordCommand(...args);
  }

  static recordApiRequest(...args: Parameters<Core['recordApiRequest']>): void {
    target()?.recordApiRequest(...args);
  }

  static recordError(...args: Parameters<Core['recordError']>): void {
    target()?.recordError(...args);
  }

  static recordArbitrageScan(...args: Parameters<Core['recordArbitrageScan']>): void {
    target()?.recordArbitrageScan(...args);
  }

  static recordTargetCreated(...args: Parameters<Core['recordTargetCreated']>): void {
    target()?.recordTargetCreated(...args);
  }

  static recordTargetHit(...args: Parameters<Core['recordTargetHit']>): void {
    target()?.recordTargetHit(...args);
  }

  static recordTrade(...args: Parameters<Core['recordTrade']>): void {
    target()?.recordTrade(...args);
  }

  static updateActiveUsers(...args: Parameters<Core['updateActiveUsers']>): void {
    target()?.updateActiveUsers(...args);
  }

  static updateActiveTargets(...args: Parameters<Core['updateActiveTargets']>): void {
    target()?.updateActiveTargets(...args);
  }

  static updateBalance(...args: Parameters<Core['updateBalance']>): void {
    target()?.updateBalance(...args);
  }

  static updateCacheSize(...args: Parameters<Core['updateCacheSize']>): void {
    target()?.updateCacheSize(...args);
  }

  /** Runs `fn` untimed when telemetry is not started, so the bot behaves the same either way. */
  static measureTime<T, H extends HistogramName>(metric: H, labels: Record<LabelsOf<H>, string>, fn: () => T | Promise<T>): Promise<T> {
    const active = target();
    return active ? active.measureTime(metric, labels, fn) : Promise.resolve().then(fn);
  }
}

function target(): Core | undefined {
  const active = MetricsCollector.getActive();
  if (!active && !warnedNotStarted) {
    warnedNotStarted = true;
    diag.warn('dmarket-bot-telemetry: MetricsCollector called before startTelemetry(); the recording is ignored');
  }
  return active;
}

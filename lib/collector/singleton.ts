import { diag } from '@opentelemetry/api';
import type { HistogramName, LabelsOf } from '../catalog.js';
import { MetricsCollectorCore } from './metrics-collector.js';

type Core = MetricsCollectorCore;
let warnedNotStarted = false;

/** The recording calls that also exist as static, seed-style calls. */
const FORWARDED = [
  'recordCommand',
  'recordApiRequest',
  'recordError',
  'recordArbitrageScan',
  'recordTargetCreated',
  'recordTargetHit',
  'recordTrade',
  'updateActiveUsers',
  'updateActiveTargets',
  'updateBalance',
  'updateCacheSize',
  'updateRateLimit',
] as const satisfies readonly (keyof Core)[];

/**
 * The seed's module-level API (`MetricsCollector.recordCommand(...)`) and the instance API in
 * one class. Static calls go to the collector of the running `startTelemetry()`; before it
 * starts (or after shutdown) they are no-ops, so importing the bot never depends on start order.
 */
export class MetricsCollector extends MetricsCollectorCore {
  private static active: Core | undefined;

  declare static recordCommand: Core['recordCommand'];
  declare static recordApiRequest: Core['recordApiRequest'];
  declare static recordError: Core['recordError'];
  declare static recordArbitrageScan: Core['recordArbitrageScan'];
  declare static recordTargetCreated: Core['recordTargetCreated'];
  declare static recordTargetHit: Core['recordTargetHit'];
  declare static recordTrade: Core['recordTrade'];
  declare static updateActiveUsers: Core['updateActiveUsers'];
  declare static updateActiveTargets: Core['updateActiveTargets'];
  declare static updateBalance: Core['updateBalance'];
  declare static updateCacheSize: Core['updateCacheSize'];
  declare static updateRateLimit: Core['updateRateLimit'];

  static {
    for (const name of FORWARDED) {
      const forward = (...args: unknown[]): void => {
        const active = target();
        if (active) (active[name] as (...a: unknown[]) => void).apply(active, args);
      };
      Object.defineProperty(this, name, { value: forward, enumerable: false });
    }
  }

  /** Makes `collector` the target of the static calls; `undefined` detaches it. */
  static setActive(collector: Core | undefined): void {
    MetricsCollector.active = collector;
  }

  static getActive(): Core | undefined {
    return MetricsCollector.active;
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

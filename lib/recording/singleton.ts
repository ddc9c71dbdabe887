import { diag } from '@opentelemetry/api';
import type { HistogramName, LabelsOf } from '../catalog.js';
import { MetricsCollectorCore } from './metrics-collector.js';

type Core = MetricsCollectorCore;
let warnedNotStarted = false;

/** The recording calls that also exist as static, seed-style calls. */
const FORWARDED = [
  'recordCommand',
  'recordUpdate',
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
class MetricsCollectorClass extends MetricsCollectorCore {
  private static active: Core | undefined;

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
    MetricsCollectorClass.active = collector;
  }

  static getActive(): Core | undefined {
    return MetricsCollectorClass.active;
  }

  /** Runs `fn` untimed when telemetry is not started; synchronously either way, so start order never changes the bot. */
  static measureTime<T, H extends HistogramName>(metric: H, labels: Record<LabelsOf<H>, string>, fn: () => T | Promise<T>): Promise<T> {
    const active = target();
    return active ? active.measureTime(metric, labels, fn) : (async () => fn())();
  }
}

/** The static side's types come from FORWARDED, so adding a call is one entry in that list. */
type ForwardedCalls = { readonly [K in (typeof FORWARDED)[number]]: Core[K] };

export const MetricsCollector = MetricsCollectorClass as typeof MetricsCollectorClass & ForwardedCalls;
export type MetricsCollector = MetricsCollectorClass;

function target(): Core | undefined {
  const active = MetricsCollectorClass.getActive();
  if (!active && !warnedNotStarted) {
    warnedNotStarted = true;
    diag.warn('dmarket-bot-telemetry: MetricsCollector called before startTelemetry(); the recording is ignored');
  }
  return active;
}

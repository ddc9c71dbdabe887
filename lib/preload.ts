import type { TelemetryOptions } from './config/options.js';
import { TelemetryMissingPackageError } from './sdk/push-exporters.js';
import { ensureSlot, readSlot } from './process-state.js';
import { startAs, type TelemetryHandle } from './start.js';

/** @internal Process-wide slots of this module (lib/process-state.ts). */
declare module './process-state.js' {
  interface ProcessSlots {
    /** The preload's start, once per process (`undefined` inside when it failed). */
    preloadStart: Promise<TelemetryHandle | undefined>;
  }
}

/**
 * Starts telemetry from the environment before the bot's code runs (`--import` / `--require`).
 * `http` is patched synchronously, before this returns. A failure never stops the bot: it is
 * logged and the bot runs without telemetry (or without the endpoint when only the port fails).
 */
export function preload(env?: Readonly<Record<string, string | undefined>>): Promise<TelemetryHandle | undefined> {
  return ensureSlot('preloadStart', async () => {
    let without: Pick<TelemetryOptions, 'metricsExporters' | 'tracesExporters'> = {};
    // At most once per signal: an exporter whose optional package is missing is left out.
    for (let attempt = 0; ; attempt++) {
      try {
        return await startAs('the preload entry (dmarket-bot-telemetry/register)', { env, onListenError: 'continue', ...without });
      } catch (error) {
        if (error instanceof TelemetryMissingPackageError && attempt < 2) {
          console.warn(`${error.message}; the bot runs without that exporter`);
          without = { ...without, ...error.without };
          continue;
        }
        console.warn(`${(error as Error).message}; the bot runs without telemetry`);
        return undefined;
      }
    }
  });
}

/** The handle started by the preload entry, once it is up (`undefined` when it failed). */
export function preloadedTelemetry(): Promise<TelemetryHandle | undefined> {
  return readSlot('preloadStart') ?? Promise.resolve(undefined);
}

import { TelemetryConfigError } from '../config/errors.js';
import { isPlainObject } from '../config/validate-shape.js';
import { normalizeCommand } from '../labels/label-rules.js';
import type { MetricsCollector } from '../recording/metrics-collector.js';

export interface TelemetryMiddlewareOptions {
  /**
   * Commands that keep their name as a label (`/start` always does). Default: the commands the
   * bot registered with Telegram (`setMyCommands`), read with `getMyCommands`.
   */
  readonly commands?: readonly string[];
  /** Where to record; default the collector of the running `startTelemetry()`. */
  readonly collector?: MetricsCollector;
}

const KEYS = ['commands', 'collector'];
const COLLECTOR_CALLS = ['recordUpdate', 'recordCommand', 'recordError'] as const;

/**
 * `telemetryMiddleware(options)` is checked when the bot is wired, as `startTelemetry` options
 * are: a TelemetryConfigError naming the option, not a TypeError on the first update. `null`
 * means no options; an unknown key is warned about and ignored.
 */
export function middlewareOptions(given: unknown, warn: (message: string) => void = console.warn): TelemetryMiddlewareOptions {
  if (given === undefined || given === null) return {};
  if (!isPlainObject(given)) throw new TelemetryConfigError('telemetryMiddleware options: must be an object, or nothing');
  const { commands, collector } = given;
  if (commands !== undefined) {
    if (!Array.isArray(commands)) throw new TelemetryConfigError('commands: must be a list of command names such as ["/price", "help"]');
    commands.forEach((command: unknown, i) => {
      if (typeof command !== 'string' || normalizeCommand(command).replace(/^\//, '') === '')
        throw new TelemetryConfigError(`commands: entry ${i + 1} is not a command name such as "/price" or "help"`);
    });
  }
  if (collector !== undefined) {
    const calls = collector as Record<string, unknown> | null;
    if (typeof calls !== 'object' || calls === null || COLLECTOR_CALLS.some((name) => typeof calls[name] !== 'function'))
      throw new TelemetryConfigError('collector: must be a MetricsCollector (handle.metrics of startTelemetry)');
  }
  for (const key of Object.keys(given)) {
    if (!KEYS.includes(key) && given[key] !== undefined)
      warn(`dmarket-bot-telemetry: telemetryMiddleware option "${key}" is not known and is ignored; known: ${KEYS.join(', ')}`);
  }
  return given as TelemetryMiddlewareOptions;
}

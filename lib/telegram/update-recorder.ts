import { diag } from '@opentelemetry/api';
import type { MetricsCollectorCore } from '../collector/metrics-collector.js';
import { MetricsCollector } from '../collector/singleton.js';
import { CommandRegistry, type CommandSource } from './command-registry.js';
import { describeUpdate, type UpdateInfo, type UpdateLike } from './update-info.js';

export interface TelemetryMiddlewareOptions {
  /**
   * Commands that keep their name as a label (`/start` always does). Default: the commands the
   * bot registered with Telegram (`setMyCommands`), read with `getMyCommands`.
   */
  readonly commands?: readonly string[];
  /** Where to record; default the collector of the running `startTelemetry()`. */
  readonly collector?: MetricsCollectorCore;
}

/** What a framework adapter hands over for one update. */
export interface UpdateCall {
  readonly update: UpdateLike;
  readonly botUsername: string | undefined;
  readonly getMyCommands: CommandSource | undefined;
}

/**
 * The framework-neutral middleware body: times the rest of the chain, then records the update,
 * the command (name, status, latency) and a handler error, which it re-throws unchanged.
 */
export class UpdateRecorder {
  private readonly registry: CommandRegistry;

  constructor(private readonly options: TelemetryMiddlewareOptions = {}) {
    this.registry = new CommandRegistry(options.commands);
  }

  async run(call: () => UpdateCall, next: () => Promise<void>): Promise<void> {
    const collector = this.options.collector ?? MetricsCollector.getActive();
    const start = performance.now();
    try {
      await next();
    } catch (error) {
      if (collector) this.record(collector, call, start, error);
      throw error;
    }
    if (collector) this.record(collector, call, start, undefined);
  }

  /** Never throws and never delays the bot: the command label may wait for getMyCommands. */
  private record(collector: MetricsCollectorCore, call: () => UpdateCall, start: number, error: unknown): void {
    const seconds = (performance.now() - start) / 1000;
    try {
      const { update, botUsername, getMyCommands } = call();
      const info = describeUpdate(update, botUsername);
      collector.recordUpdate(info.type, { userId: info.userId });
      if (error !== undefined) collector.recordError(errorType(error), 'telegram');
      if (info.command) void this.recordCommand(collector, info, seconds, error === undefined, getMyCommands);
    } catch (failure) {
      diag.error('dmarket-bot-telemetry: recording a Telegram update failed', failure);
    }
  }

  private async recordCommand(collector: MetricsCollectorCore, info: UpdateInfo, seconds: number, ok: boolean, source: CommandSource | undefined): Promise<void> {
    try {
      const command = await this.registry.label(info.command as string, source);
      collector.recordCommand(command, { status: ok ? 'ok' : 'error', duration: seconds });
    } catch (failure) {
      diag.error('dmarket-bot-telemetry: recording a Telegram command failed', failure);
    }
  }
}

/** The middleware shape both grammY and Telegraf use, given how to read one update off `ctx`. */
export function middlewareFor<C>(options: TelemetryMiddlewareOptions, read: (ctx: C) => UpdateCall): (ctx: C, next: () => Promise<void>) => Promise<void> {
  const recorder = new UpdateRecorder(options);
  return (ctx, next) => recorder.run(() => read(ctx), next);
}

function errorType(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

import { diag } from '@opentelemetry/api';
import type { RecordingFacade } from '../recording/recording-facade.js';
import { staticTarget } from '../recording/metrics-collector.js';
import { CommandRegistry, type CommandSource } from './command-registry.js';
import { middlewareOptions, type TelemetryMiddlewareOptions } from './middleware-options.js';
import { describeError } from './redact.js';
import { describeUpdate, type UpdateInfo, type UpdateLike } from './update-info.js';

export type { TelemetryMiddlewareOptions };

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

  private readonly options: TelemetryMiddlewareOptions;

  constructor(options: TelemetryMiddlewareOptions = {}) {
    this.options = middlewareOptions(options);
    this.registry = new CommandRegistry(this.options.commands);
  }

  async run(call: () => UpdateCall, next: () => Promise<void>): Promise<void> {
    const collector = this.options.collector ?? staticTarget();
    const start = performance.now();
    try {
      await next();
    } catch (error) {
      // `throw undefined` is still a failed handler.
      if (collector) this.record(collector, call, start, { error });
      throw error;
    }
    if (collector) this.record(collector, call, start, undefined);
  }

  /** Never throws and never delays the bot: the command label may wait for getMyCommands. */
  private record(collector: RecordingFacade, call: () => UpdateCall, start: number, failure: { error: unknown } | undefined): void {
    const seconds = (performance.now() - start) / 1000;
    try {
      const { update, botUsername, getMyCommands } = call();
      const info = describeUpdate(update, botUsername);
      collector.recordUpdate(info.type, { userId: info.userId });
      if (failure) collector.recordError(errorType(failure.error), 'telegram');
      if (info.command) this.recordCommand(collector, info, seconds, failure === undefined, getMyCommands);
    } catch (error) {
      diag.error(`dmarket-bot-telemetry: recording a Telegram update failed: ${describeError(error)}`);
    }
  }

  /** Recorded at once unless the label must wait for the first getMyCommands answer. */
  private recordCommand(
    collector: RecordingFacade,
    info: UpdateInfo,
    seconds: number,
    ok: boolean,
    source: CommandSource | undefined,
  ): void {
    const record = (command: string): void => collector.recordCommand(command, { status: ok ? 'ok' : 'error', duration: seconds });
    const fail = (error: unknown): void =>
      diag.error(`dmarket-bot-telemetry: recording a Telegram command failed: ${describeError(error)}`);
    try {
      const label = this.registry.label(info.command as string, source);
      if (typeof label === 'string') record(label);
      else label.then(record).catch(fail);
    } catch (error) {
      fail(error);
    }
  }
}

/** The middleware shape both grammY and Telegraf use, given how to read one update off `ctx`. */
export function middlewareFor<C>(
  options: TelemetryMiddlewareOptions,
  read: (ctx: C) => UpdateCall,
): (ctx: C, next: () => Promise<void>) => Promise<void> {
  const recorder = new UpdateRecorder(options);
  return (ctx, next) => recorder.run(() => read(ctx), next);
}

function errorType(error: unknown): string {
  return error instanceof Error ? error.name : error === null ? 'null' : typeof error;
}

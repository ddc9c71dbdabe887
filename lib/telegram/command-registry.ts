import { diag } from '@opentelemetry/api';
import { OTHER } from '../labels/label-names.js';
import { normalizeCommand } from '../labels/label-rules.js';
import { describeError } from './redact.js';

/** The bot's command list as Telegram holds it (`getMyCommands`). */
export type CommandSource = () => Promise<ReadonlyArray<{ readonly command: string }>>;

const REFRESH_MS = 10 * 60_000;
const RETRY_MS = 60_000;
/** The first `getMyCommands` may hold command recordings this long; then it counts as failed. */
export const FIRST_LOAD_TIMEOUT_MS = 10_000;
/** At most this many command recordings wait for the first answer; later ones are not held. */
export const MAX_WAITING = 1000;

/**
 * Which commands keep their name as a label: a configured allow-list, or else the commands the
 * bot registered with Telegram (`setMyCommands`, read back with `getMyCommands`, refreshed every
 * 10 minutes). `/start` always counts: every Telegram client sends it. Anything else is `other`.
 */
export class CommandRegistry {
  private readonly fixed: ReadonlySet<string> | undefined;
  private known = new Set<string>(['/start']);
  private loading: Promise<void> | undefined;
  private nextLoad = 0;
  /** True after the first load settled (answered, failed or timed out). */
  private loaded = false;
  private waiting = 0;

  constructor(allowList?: readonly string[]) {
    this.fixed = allowList ? new Set(['/start', ...allowList.map((c) => normalizeCommand(c.startsWith('/') ? c : `/${c}`))]) : undefined;
  }

  /**
   * The label for `command`. Synchronous for `/start`, an allow-list, or once the list is known;
   * only while the very first `getMyCommands` runs does an unknown command wait for it (at most
   * FIRST_LOAD_TIMEOUT_MS, at most MAX_WAITING at once; beyond that it is labelled from what is
   * known now). Refreshes never hold recordings.
   */
  label(command: string, source: CommandSource | undefined): string | Promise<string> {
    if (this.fixed) return this.fixed.has(command) ? command : OTHER;
    if (source && Date.now() >= this.nextLoad) this.loading ??= this.load(source);
    if (this.known.has(command) || !this.loading || this.loaded || this.waiting >= MAX_WAITING)
      return this.known.has(command) ? command : OTHER;
    this.waiting++;
    return this.loading.then(() => {
      this.waiting--;
      return this.known.has(command) ? command : OTHER;
    });
  }

  private async load(source: CommandSource): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${FIRST_LOAD_TIMEOUT_MS} ms`)), FIRST_LOAD_TIMEOUT_MS);
        timer.unref();
      });
      const commands = await Promise.race([source(), timeout]);
      this.known = new Set(['/start', ...commands.map((c) => normalizeCommand(`/${c.command}`))]);
      this.nextLoad = Date.now() + REFRESH_MS;
    } catch (error) {
      // Error texts of Bot API clients hold the request URL, and with it the bot token.
      diag.warn(`dmarket-bot-telemetry: getMyCommands failed (${describeError(error)}); unknown commands count as other`);
      this.nextLoad = Date.now() + RETRY_MS;
    } finally {
      clearTimeout(timer);
      this.loaded = true;
      this.loading = undefined;
    }
  }
}

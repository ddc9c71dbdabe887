import { diag } from '@opentelemetry/api';
import { OTHER } from '../labels/label-names.js';
import { normalizeCommand } from '../labels/label-rules.js';

/** The bot's command list as Telegram holds it (`getMyCommands`). */
export type CommandSource = () => Promise<ReadonlyArray<{ readonly command: string }>>;

const REFRESH_MS = 10 * 60_000;
const RETRY_MS = 60_000;

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

  constructor(allowList?: readonly string[]) {
    this.fixed = allowList ? new Set(['/start', ...allowList.map((c) => normalizeCommand(c.startsWith('/') ? c : `/${c}`))]) : undefined;
  }

  /** The label for `command`; may wait for the first `getMyCommands` answer. */
  async label(command: string, source: CommandSource | undefined): Promise<string> {
    if (this.fixed) return this.fixed.has(command) ? command : OTHER;
    if (source && Date.now() >= this.nextLoad) this.loading ??= this.load(source);
    if (this.loading) await this.loading;
    return this.known.has(command) ? command : OTHER;
  }

  private async load(source: CommandSource): Promise<void> {
    try {
      const commands = await source();
      this.known = new Set(['/start', ...commands.map((c) => normalizeCommand(`/${c.command}`))]);
      this.nextLoad = Date.now() + REFRESH_MS;
    } catch (error) {
      diag.warn('dmarket-bot-telemetry: getMyCommands failed; unknown commands count as other', error);
      this.nextLoad = Date.now() + RETRY_MS;
    } finally {
      this.loading = undefined;
    }
  }
}

import { normalizeCommand } from '../labels/label-rules.js';
import { UPDATE_TYPES } from '../labels/label-values.js';

/** The structural part of a Telegram Update this layer reads (no framework types needed). */
export type UpdateLike = object;

export interface UpdateInfo {
  /** The update kind (`message`, `callback_query`, …), `command` for a command to this bot, or `other`. */
  readonly type: string;
  /** `/start` for `/Start@ThisBot args`; only when `type` is `command`. */
  readonly command?: string;
  /** The sender's id, for active-user counting only. */
  readonly userId?: number;
}

interface Entity {
  readonly type?: unknown;
  readonly offset?: unknown;
  readonly length?: unknown;
}

interface Payload {
  readonly text?: unknown;
  readonly entities?: unknown;
  readonly from?: { readonly id?: unknown };
  readonly user?: { readonly id?: unknown };
}

const KINDS: ReadonlySet<string> = new Set(UPDATE_TYPES.filter((t) => t !== 'command'));

/** What kind of update this is, which command it carries, and who sent it. Never throws. */
export function describeUpdate(update: UpdateLike, botUsername?: string): UpdateInfo {
  const record = update as Record<string, unknown>;
  // An Update holds update_id and exactly one kind: look at its own keys, not at every kind.
  const type = Object.keys(record).find((key) => KINDS.has(key) && record[key] !== undefined && record[key] !== null);
  if (!type) return { type: 'other' };
  const payload = record[type] as Payload;
  const id = payload?.from?.id ?? payload?.user?.id;
  const userId = typeof id === 'number' ? id : undefined;
  const command = type === 'message' || type === 'channel_post' ? commandOf(payload, botUsername) : undefined;
  return command ? { type: 'command', command, userId } : { type, userId };
}

/** A `bot_command` entity at offset 0 addressed to this bot (no `@mention`, or ours). */
function commandOf(payload: Payload, botUsername?: string): string | undefined {
  if (typeof payload?.text !== 'string' || !Array.isArray(payload.entities)) return undefined;
  const entity = (payload.entities as Entity[]).find((e) => e?.type === 'bot_command' && e.offset === 0);
  if (!entity || typeof entity.length !== 'number') return undefined;
  const token = payload.text.slice(0, entity.length);
  const at = token.indexOf('@');
  if (at !== -1 && botUsername !== undefined && token.slice(at + 1).toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return normalizeCommand(token);
}

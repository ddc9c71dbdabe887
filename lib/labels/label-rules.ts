import { normalizeGame } from './games.js';
import { OTHER, type LabelName } from './label-names.js';

/** How one label's raw values become bounded label values. */
export interface LabelRule {
  /** Closed set of accepted values (after `normalize`); others become `fallback`. */
  readonly known?: ReadonlySet<string>;
  /** Value used for anything outside `known`; default `other`. */
  readonly fallback?: string;
  /** Cap on distinct free-form values (used when there is no closed set). */
  readonly cap?: number;
  readonly normalize?: (value: string) => string;
}

/** The `method` value for methods outside the standard set (as the OTel semantic conventions). */
export const OTHER_METHOD = '_OTHER';

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** Failure kinds used as `status` when a request got no response at all. */
export const REQUEST_ERROR_KINDS = ['timeout', 'connection_refused', 'network_error', 'aborted'] as const;

const STATUS_VALUES = new Set<string>(['ok', 'error', ...REQUEST_ERROR_KINDS]);
for (let code = 100; code <= 599; code++) STATUS_VALUES.add(String(code));

export const ARBITRAGE_LEVELS = ['boost', 'standard', 'medium', 'advanced', 'pro'] as const;
export const TRADE_TYPES = ['buy', 'sell'] as const;

export const DROP_REASONS = ['nan', 'infinite', 'negative', 'not_a_number', 'invalid_label', 'internal_error', 'too_large', 'unknown_metric', 'foreign_callback_failed', 'foreign_name_collision'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Telegram Bot API update kinds (the field set on an Update), plus `command` for command messages. */
export const UPDATE_TYPES = [
  'command', 'message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_connection',
  'business_message', 'edited_business_message', 'deleted_business_messages', 'message_reaction',
  'message_reaction_count', 'inline_query', 'chosen_inline_result', 'callback_query', 'shipping_query',
  'pre_checkout_query', 'purchased_paid_media', 'poll', 'poll_answer', 'my_chat_member', 'chat_member',
  'chat_join_request', 'chat_boost', 'removed_chat_boost',
] as const;

/** The windows of `dmarket_bot_active_users` (lib/active-users/ computes them). */
export const ACTIVE_USER_WINDOWS = ['5m', '1h', '24h'] as const;
export type ActiveUserWindow = (typeof ACTIVE_USER_WINDOWS)[number];

const lower = (v: string): string => v.toLowerCase();

/** `/Start@MyBot args` → `/start`: one token, no bot mention, lower case. */
export function normalizeCommand(raw: string): string {
  const token = raw.trim().split(/\s/, 1)[0] ?? '';
  const at = token.indexOf('@');
  return (at === -1 ? token : token.slice(0, at)).toLowerCase();
}

/**
 * Default rules. `endpoint` is templated before these apply (see endpoint-label.ts).
 * Caps are per label name per collector, shared by every metric carrying that label.
 */
export const DEFAULT_LABEL_RULES: Readonly<Record<LabelName, LabelRule>> = {
  command: { normalize: normalizeCommand, cap: 100 },
  status: { known: STATUS_VALUES, normalize: lower },
  endpoint: { cap: 100 },
  method: { known: HTTP_METHODS, fallback: OTHER_METHOD, normalize: (v) => v.toUpperCase() },
  error_type: { cap: 50 },
  module: { cap: 50 },
  level: { known: new Set(ARBITRAGE_LEVELS), normalize: lower },
  game: { normalize: normalizeGame },
  type: { known: new Set(TRADE_TYPES), normalize: lower },
  cache_type: { cap: 20, normalize: lower },
  scope: { cap: 20, normalize: lower },
  reason: { known: new Set(DROP_REASONS) },
  metric: { cap: 50 },
  window: { known: new Set(ACTIVE_USER_WINDOWS) },
  update_type: { known: new Set(UPDATE_TYPES), normalize: lower },
};

export { OTHER };

/*
 * The closed value sets of the labels, one per feature that records them. They sit in labels/
 * (the lowest layer that bounds values) so the label rules and every feature can import them;
 * each list is a contract of the exposition, like the metric names.
 */

/** The `method` value for methods outside the standard set (as the OTel semantic conventions). */
export const OTHER_METHOD = '_OTHER';

/** Failure kinds used as `status` when a request got no response at all. */
export const REQUEST_ERROR_KINDS = ['timeout', 'connection_refused', 'network_error', 'aborted'] as const;
/** Why a request got no response (the `status` label then). */
export type RequestErrorKind = (typeof REQUEST_ERROR_KINDS)[number];

export const ARBITRAGE_LEVELS = ['boost', 'standard', 'medium', 'advanced', 'pro'] as const;
export const TRADE_TYPES = ['buy', 'sell'] as const;

export const DROP_REASONS = [
  'nan',
  'infinite',
  'negative',
  'not_a_number',
  'invalid_label',
  'internal_error',
  'too_large',
  'unknown_metric',
  'foreign_callback_failed',
  'foreign_name_collision',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Telegram Bot API update kinds (the field set on an Update), plus `command` for command messages. */
export const UPDATE_TYPES = [
  'command',
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'business_connection',
  'business_message',
  'edited_business_message',
  'deleted_business_messages',
  'message_reaction',
  'message_reaction_count',
  'inline_query',
  'chosen_inline_result',
  'callback_query',
  'shipping_query',
  'pre_checkout_query',
  'purchased_paid_media',
  'poll',
  'poll_answer',
  'my_chat_member',
  'chat_member',
  'chat_join_request',
  'chat_boost',
  'removed_chat_boost',
] as const;

/** The windows of `dmarket_bot_active_users` (lib/active-users/ computes them). */
export const ACTIVE_USER_WINDOWS = ['5m', '1h', '24h'] as const;
export type ActiveUserWindow = (typeof ACTIVE_USER_WINDOWS)[number];

/** Every label name any catalog metric may carry. `user_id` is deliberately absent. */
export const LABEL_NAMES = [
  'command',
  'status',
  'endpoint',
  'method',
  'error_type',
  'module',
  'level',
  'game',
  'type',
  'cache_type',
  'scope',
  'reason',
  'metric',
  'window',
  'update_type',
] as const;

export type LabelName = (typeof LABEL_NAMES)[number];

/** The value any unknown or over-cap label value is folded into. */
export const OTHER = 'other';

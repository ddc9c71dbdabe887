import { normalizeGame } from './games.js';
import { OTHER, type LabelName } from './label-names.js';
import {
  ACTIVE_USER_WINDOWS,
  ARBITRAGE_LEVELS,
  DROP_REASONS,
  OTHER_METHOD,
  REQUEST_ERROR_KINDS,
  TRADE_TYPES,
  UPDATE_TYPES,
} from './label-values.js';

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

const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** `ok`, `error`, the request error kinds and every HTTP status code 100–599. */
const STATUS_VALUES: ReadonlySet<string> = new Set([
  'ok',
  'error',
  ...REQUEST_ERROR_KINDS,
  ...Array.from({ length: 500 }, (_, i) => String(100 + i)),
]);

const lower = (v: string): string => v.toLowerCase();

/** `/Start@MyBot args` → `/start`: one token, no bot mention, lower case. */
export function normalizeCommand(raw: string): string {
  const token = raw.trim().split(/\s/, 1)[0] ?? '';
  const at = token.indexOf('@');
  return (at === -1 ? token : token.slice(0, at)).toLowerCase();
}

/**
 * Default rules. `endpoint` is templated before these apply (see endpoint-label.ts).
 * Caps are per label name per telemetry instance, shared by every metric carrying that label.
 */
export const LABEL_RULES: Readonly<Record<LabelName, LabelRule>> = {
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

import type { RequestErrorKind } from '../labels/label-values.js';

export type { RequestErrorKind };

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const ABORT_CODES = new Set(['ABORT_ERR', 'UND_ERR_ABORTED', 'ERR_CANCELED']);
const ABORT_NAMES = new Set(['AbortError', 'CanceledError']);

export interface ErrorContext {
  /** The client's own timeout fired first (node `http` then reports a plain socket hang-up). */
  readonly timedOut?: boolean;
  /** The caller cancelled the request (`req.destroy()`, `req.abort()`, an abort signal). */
  readonly cancelled?: boolean;
  /**
   * undici: every transport error it raises has a `code`; an error without one is the abort
   * reason the caller passed to `AbortController.abort(reason)`.
   */
  readonly codelessIsAbort?: boolean;
}

/** The low-cardinality `status` of a request that got no response. */
export function classifyRequestError(error: unknown, context: ErrorContext = {}): RequestErrorKind {
  if (context.timedOut) return 'timeout';
  const { name, code } = describe(error);
  if (name === 'TimeoutError' || (code !== undefined && TIMEOUT_CODES.has(code))) return 'timeout';
  // axios reports its own timeout as ECONNABORTED; a cancelled request is still `aborted`.
  if (code === 'ECONNABORTED' && !context.cancelled) return 'timeout';
  if (context.cancelled || (name !== undefined && ABORT_NAMES.has(name)) || (code !== undefined && ABORT_CODES.has(code))) return 'aborted';
  if (context.codelessIsAbort && code === undefined) return 'aborted';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  return 'network_error';
}

function describe(error: unknown): { name: string | undefined; code: string | undefined } {
  if (typeof error !== 'object' || error === null) return { name: undefined, code: undefined };
  const e = error as { name?: unknown; code?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const name = typeof e.name === 'string' ? e.name : undefined;
  // undici wraps socket errors: TypeError('fetch failed') with the real error as `cause`.
  if (code === undefined && e.cause !== undefined && name !== 'TimeoutError' && name !== 'AbortError') return describe(e.cause);
  return { name, code };
}

import type { REQUEST_ERROR_KINDS } from '../labels/label-rules.js';

export type RequestErrorKind = (typeof REQUEST_ERROR_KINDS)[number];

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The low-cardinality `status` of a request that got no response. `timedOut` is set when the
 * client saw its own timeout fire first (node `http` then reports a plain socket hang-up).
 */
export function classifyRequestError(error: unknown, timedOut = false): RequestErrorKind {
  if (timedOut) return 'timeout';
  const { name, code } = describe(error);
  if (name === 'TimeoutError' || (code !== undefined && TIMEOUT_CODES.has(code))) return 'timeout';
  if (name === 'AbortError' || code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED') return 'aborted';
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

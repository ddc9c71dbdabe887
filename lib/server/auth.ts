import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MetricsAuth } from '../config/options.js';

export type { MetricsAuth };

/** Hashing first makes the comparison constant-time whatever the lengths. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** True when the request carries the configured credentials (or none are configured). */
export function authorized(req: IncomingMessage, auth: MetricsAuth | undefined): boolean {
  if (!auth || (auth.bearerToken === undefined && auth.username === undefined)) return true;
  const header = req.headers.authorization ?? '';
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (auth.bearerToken !== undefined && scheme === 'bearer') return sameSecret(value, auth.bearerToken);
  if (auth.username !== undefined && scheme === 'basic') {
    return sameSecret(Buffer.from(value, 'base64').toString('utf8'), `${auth.username}:${auth.password ?? ''}`);
  }
  return false;
}

export function challenge(auth: MetricsAuth): string {
  return auth.bearerToken !== undefined ? 'Bearer realm="metrics"' : 'Basic realm="metrics", charset="UTF-8"';
}

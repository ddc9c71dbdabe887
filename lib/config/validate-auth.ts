import type { MetricsAuth } from './options.js';
import { TelemetryConfigError } from './errors.js';
import { METRICS_AUTH_KEYS } from './validate-shape.js';

/**
 * `metricsAuth` with the rules of DMARKET_TELEMETRY_METRICS_BEARER_TOKEN / `…_BASIC_AUTH=user:password`:
 * a bearer token, or a user name (no colon, RFC 7617) together with a password (may be empty,
 * as `user:` allows). Anything less used to leave `/metrics` open, so it is an error here, and
 * so is an unknown key (`protectHelth` would leave `/health` open). Values are never echoed.
 */
export function validateMetricsAuth(auth: MetricsAuth | undefined): void {
  if (auth === undefined) return;
  const given = auth as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(METRICS_AUTH_KEYS as readonly string[]).includes(key) && given[key] !== undefined)
      throw new TelemetryConfigError(`metricsAuth.${key}: not a known key; accepted: ${METRICS_AUTH_KEYS.join(', ')}`);
  }
  const { bearerToken, username, password, protectHealth } = given;
  if (bearerToken !== undefined && (typeof bearerToken !== 'string' || bearerToken.trim() === ''))
    throw new TelemetryConfigError('metricsAuth.bearerToken: must be a non-empty string');
  if (typeof bearerToken === 'string' && bearerToken !== bearerToken.trim())
    throw new TelemetryConfigError('metricsAuth.bearerToken: must not start or end with white space (it could never match)');
  if (username !== undefined && (typeof username !== 'string' || username === '' || username.includes(':')))
    throw new TelemetryConfigError('metricsAuth.username: must be a non-empty string without ":"');
  if (password !== undefined && typeof password !== 'string') throw new TelemetryConfigError('metricsAuth.password: must be a string');
  if (password !== undefined && username === undefined)
    throw new TelemetryConfigError('metricsAuth.username: required with metricsAuth.password (basic auth needs both)');
  if (username !== undefined && password === undefined)
    throw new TelemetryConfigError('metricsAuth.password: required with metricsAuth.username (use "" for none)');
  if (bearerToken === undefined && username === undefined)
    throw new TelemetryConfigError('metricsAuth: set bearerToken, or username and password (leave metricsAuth out for no auth)');
  if (protectHealth !== undefined && typeof protectHealth !== 'boolean')
    throw new TelemetryConfigError('metricsAuth.protectHealth: must be true or false');
}

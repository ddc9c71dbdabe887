import type { RecordingState } from '../collector/recording-state.js';
import { pathOf } from '../dmarket/path.js';
import { OTHER } from '../labels/label-names.js';
import type { RequestErrorKind } from './error-kind.js';
import { resetSecondsFrom } from './rate-limit-gauges.js';
import { TemplateCache } from './template-cache.js';

/** One DMarket API request as the auto-capture saw it. */
export interface CapturedCall {
  readonly method: string;
  /** Raw request path, possibly with a query string. */
  readonly path: string;
  /** HTTP status code, or why there was no response. */
  readonly status: number | RequestErrorKind;
  /** Seconds from request start to response headers (or to the failure). */
  readonly seconds: number;
  /** Response header lookup (lower-case names), absent on failures. */
  readonly header?: (name: string) => string | undefined;
}

/**
 * Turns captured requests into the API metrics. The endpoint is the route template, the
 * id-free template of an unknown route (bounded), or `other`.
 */
export class ApiCallRecorder {
  readonly templates = new TemplateCache();

  constructor(private readonly state: RecordingState) {}

  /** The endpoint label of a request (query string ignored, also for the cache key). */
  template(path: string, method = 'GET'): string {
    const clean = pathOf(path);
    return this.templates.get(method, clean, () => this.state.endpoints.label(clean, method));
  }

  record(call: CapturedCall): void {
    this.state.guard('http auto-capture', () => {
      const endpoint = this.template(call.path, call.method);
      const method = this.state.labels.normalize('method', call.method);
      const status = this.state.labels.normalize('status', call.status);
      if (method === undefined || status === undefined) return 'invalid_label';
      if (!(call.seconds >= 0)) return 'negative';
      this.state.dmarket.record(call.status);
      const { instruments } = this.state;
      instruments.add('dmarket_bot_api_requests_total', 1, { endpoint, method, status });
      instruments.observe('dmarket_bot_api_request_duration_seconds', call.seconds, { endpoint, method });
      if (call.header) this.recordRateLimit(endpoint, call.status, call.header);
      return undefined;
    });
  }

  private recordRateLimit(endpoint: string, status: number | string, header: (name: string) => string | undefined): void {
    const limit = toCount(header('x-ratelimit-limit'));
    let remaining = toCount(header('x-ratelimit-remaining'));
    // A 429 means the window is exhausted even when the server sends no quota headers.
    if (remaining === undefined && status === 429) remaining = 0;
    if (remaining === undefined && limit === undefined) return;
    const scope = this.state.labels.normalize('scope', header('x-ratelimit-scope') ?? endpointGroup(endpoint));
    if (scope === undefined) return;
    this.state.rateLimits.set(scope, remaining, limit, resetSecondsFrom(header));
  }
}

/** `/marketplace-api/v1/user-targets` → `marketplace-api`; the scope when the API names none. */
export function endpointGroup(template: string): string {
  return template.split('/')[1] || OTHER;
}

function toCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

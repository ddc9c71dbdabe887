import type { Counter, Histogram } from '@opentelemetry/api';
import { pathOf } from '../dmarket/path.js';
import { OTHER } from '../labels/label-names.js';
import type { RequestErrorKind } from '../labels/label-values.js';
import { resetSecondsFrom } from './rate-limit-gauges.js';
import type { RecordingState } from './recording-state.js';
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

/** All that auto-capture (lib/capture/) sees of recording: where its requests go. */
export interface CapturedCallSink {
  /** Records one captured request (never throws: problems are counted drops). */
  record(call: CapturedCall): void;
  /** The endpoint label of a request path, for client span names. */
  template(path: string, method?: string): string;
}

/**
 * Turns captured requests into the API metrics. The endpoint is the route template, the
 * id-free template of an unknown route (bounded), or `other`.
 */
export class CapturedCallRecorder implements CapturedCallSink {
  readonly templates = new TemplateCache();
  private readonly requests: Counter;
  private readonly duration: Histogram;
  // Scope label per raw scope header / per endpoint label (resolution is deterministic: caps only grow).
  private readonly namedScopes = new Map<string, string | undefined>();
  private readonly groupScopes = new Map<string, string | undefined>();

  constructor(private readonly state: RecordingState) {
    this.requests = state.instruments.counter('dmarket_bot_api_requests_total');
    this.duration = state.instruments.histogram('dmarket_bot_api_request_duration_seconds');
  }

  /** The endpoint label of a request (query string ignored, also for the cache key). */
  template(path: string, method = 'GET'): string {
    const clean = pathOf(path);
    return this.templates.get(method, clean, () => this.state.endpoints.label(clean, method));
  }

  record(call: CapturedCall): void {
    this.state.guard('http auto-capture', () => {
      const endpoint = this.template(call.path, call.method);
      const series = this.state.hot.captured(endpoint, call.method, call.status);
      if (typeof series === 'string') return series;
      if (!(call.seconds >= 0)) return 'negative';
      this.state.dmarket.record(call.status);
      this.requests.add(1, series.requests);
      this.duration.record(call.seconds, series.duration);
      if (call.header) this.recordRateLimit(endpoint, call.status, call.header);
      return undefined;
    });
  }

  /** The `scope` label: the API's own scope header, else the endpoint's group; the same few values repeat. */
  private scopeOf(named: string | undefined, endpoint: string): string | undefined {
    const cache = named === undefined ? this.groupScopes : this.namedScopes;
    const key = named ?? endpoint;
    let scope = cache.get(key);
    if (scope === undefined && !cache.has(key)) {
      scope = this.state.labels.normalize('scope', named ?? endpointGroup(endpoint));
      if (cache.size >= SCOPE_CACHE_ENTRIES) cache.clear();
      cache.set(key, scope);
    }
    return scope;
  }

  private recordRateLimit(endpoint: string, status: number | string, header: (name: string) => string | undefined): void {
    const limit = toCount(header('x-ratelimit-limit'));
    let remaining = toCount(header('x-ratelimit-remaining'));
    // A 429 means the window is exhausted even when the server sends no quota headers.
    if (remaining === undefined && status === 429) remaining = 0;
    if (remaining === undefined && limit === undefined) return;
    const scope = this.scopeOf(header('x-ratelimit-scope'), endpoint);
    if (scope === undefined) return;
    this.state.rateLimits.set(scope, remaining, limit, resetSecondsFrom(header));
  }
}

const SCOPE_CACHE_ENTRIES = 256;

/** `/marketplace-api/v1/user-targets` → `marketplace-api`; the scope when the API names none. */
export function endpointGroup(template: string): string {
  return template.split('/')[1] || OTHER;
}

function toCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

import type { Attributes } from '@opentelemetry/api';
import type { DropReason } from './drops.js';
import { pick } from './pick.js';
import { SeriesCache } from './series-cache.js';
import type { EndpointTemplater } from '../labels/endpoint-label.js';
import { OTHER, type LabelName } from '../labels/label-names.js';
import type { LabelNormalizer } from '../labels/label-normalizer.js';
import { OTHER_METHOD } from '../labels/label-values.js';
import type { CatalogInstruments } from '../sdk/instruments.js';

/**
 * What label resolution reads from the recording state that owns it. Declared here, not taken
 * from recording-state.ts, which builds a HotSeries: the two files would import each other.
 */
export interface SeriesSource {
  readonly instruments: Pick<CatalogInstruments, 'overflowEvents' | 'admit'>;
  readonly labels: Pick<LabelNormalizer, 'normalize'>;
  readonly endpoints: Pick<EndpointTemplater, 'isTemplate'>;
  resolve(raw: Partial<Record<LabelName, unknown>>): Attributes | undefined;
}

/** The admitted attributes of one API call tuple, per metric it records into. */
export interface ApiSeries {
  readonly requests: Attributes;
  readonly duration: Attributes;
  /** The endpoint is a registered route template (auto-capture may own it). */
  readonly template: boolean;
}

export interface CommandSeries {
  /** Resolved labels before the series bound. */
  readonly labels: Attributes;
  readonly commands: Attributes;
  /** Admitted on the first recording with a duration (many commands are counted without one). */
  duration?: Attributes;
}

type Resolved<T> = T | DropReason;

/**
 * Label resolution for the calls a bot makes thousands of times a minute: each raw tuple is
 * normalised, templated and admitted by the series bound once, then served from a bounded cache,
 * so the steady-state cost is the SDK's own record calls.
 */
export class HotSeries {
  private readonly apiCache = new SeriesCache<Resolved<ApiSeries>>();
  private readonly capturedCache = new SeriesCache<Resolved<ApiSeries>>();
  private readonly commandCache = new SeriesCache<Resolved<CommandSeries>>();

  constructor(private readonly state: SeriesSource) {}

  api(endpoint: unknown, method: unknown, status: unknown): Resolved<ApiSeries> {
    const cached = this.apiCache.get(endpoint, method, status);
    if (cached) return cached;
    const before = this.state.instruments.overflowEvents;
    const series = this.resolveApi(endpoint, method, status);
    // A raw path with ids templates to another label: such tuples rarely repeat, so not cached.
    const keep = this.worthCaching(before, series, { endpoint, method, status }) && series.requests['endpoint'] === endpoint;
    return keep ? this.apiCache.set(endpoint, method, status, series) : series;
  }

  /** Auto-captured calls: `endpoint` is already a bounded label (template, unknown template or `other`). */
  captured(endpoint: string, method: unknown, status: unknown): Resolved<ApiSeries> {
    const cached = this.capturedCache.get(endpoint, method, status);
    if (cached) return cached;
    const before = this.state.instruments.overflowEvents;
    const series = this.resolveCaptured(endpoint, method, status);
    return this.worthCaching(before, series, { endpoint, method, status })
      ? this.capturedCache.set(endpoint, method, status, series)
      : series;
  }

  command(command: unknown, status: unknown): Resolved<CommandSeries> {
    const cached = this.commandCache.get(command, status);
    if (cached) return cached;
    const before = this.state.instruments.overflowEvents;
    const series = this.resolveCommand(command, status);
    return this.worthCaching(before, series, { command, status }) ? this.commandCache.set(command, status, undefined, series) : series;
  }

  /**
   * Only tuples that will repeat and resolve the same way are cached: no drop, no overflow
   * (each overflowing recording must be counted), and no value folded into `other` by a cap or
   * a closed set (past a cap every new raw value folds, so a flood of unique values would only
   * churn the cache and promote garbage).
   */
  private worthCaching(
    overflowsBefore: number,
    series: Resolved<ApiSeries | CommandSeries>,
    raw: Record<string, unknown>,
  ): series is ApiSeries | CommandSeries {
    if (typeof series === 'string' || overflowsBefore !== this.state.instruments.overflowEvents) return false;
    const labels = 'labels' in series ? series.labels : series.requests;
    for (const key in labels) {
      const value = labels[key];
      if ((value === OTHER || value === OTHER_METHOD) && raw[key] !== value) return false;
    }
    return true;
  }

  /** Tuples held, over all caches (for tests and memory figures). */
  get cachedTuples(): number {
    return this.apiCache.size + this.capturedCache.size + this.commandCache.size;
  }

  /** The latency series of a command tuple, admitted by the series bound on first use. */
  commandDuration(series: CommandSeries): Attributes {
    if (series.duration) return series.duration;
    const name = 'dmarket_bot_command_duration_seconds';
    const overflows = this.state.instruments.overflowEvents;
    const duration = this.state.instruments.admit(name, pick(name, series.labels));
    if (overflows === this.state.instruments.overflowEvents) series.duration = duration;
    return duration;
  }

  private resolveApi(endpoint: unknown, method: unknown, status: unknown): Resolved<ApiSeries> {
    const attrs = this.state.resolve({ endpoint, method, status });
    return attrs ? this.apiSeries(attrs) : 'invalid_label';
  }

  private resolveCaptured(endpoint: string, method: unknown, status: unknown): Resolved<ApiSeries> {
    const { labels } = this.state;
    const attrs = { endpoint, method: labels.normalize('method', method), status: labels.normalize('status', status) };
    return attrs.method === undefined || attrs.status === undefined ? 'invalid_label' : this.apiSeries(attrs);
  }

  private apiSeries(attrs: Attributes): ApiSeries {
    const { instruments } = this.state;
    return {
      requests: instruments.admit('dmarket_bot_api_requests_total', pick('dmarket_bot_api_requests_total', attrs)),
      duration: instruments.admit('dmarket_bot_api_request_duration_seconds', pick('dmarket_bot_api_request_duration_seconds', attrs)),
      template: this.state.endpoints.isTemplate(attrs['endpoint'] as string),
    };
  }

  private resolveCommand(command: unknown, status: unknown): Resolved<CommandSeries> {
    const attrs = this.state.resolve({ command, status });
    if (!attrs) return 'invalid_label';
    return { labels: attrs, commands: this.state.instruments.admit('dmarket_bot_commands_total', attrs) };
  }
}

import type { Attributes } from '@opentelemetry/api';
import type { DropReason } from './drops.js';
import { pick, type RecordingState } from './recording-state.js';
import { SeriesCache } from './series-cache.js';

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
  private readonly commandCache = new SeriesCache<Resolved<CommandSeries>>();

  constructor(private readonly state: RecordingState) {}

  api(endpoint: unknown, method: unknown, status: unknown): Resolved<ApiSeries> {
    return this.apiCache.get(endpoint, method, status) ?? this.apiCache.set(endpoint, method, status, this.resolveApi(endpoint, method, status));
  }

  command(command: unknown, status: unknown): Resolved<CommandSeries> {
    return this.commandCache.get(command, status) ?? this.commandCache.set(command, status, undefined, this.resolveCommand(command, status));
  }

  /** The latency series of a command tuple, admitted by the series bound on first use. */
  commandDuration(series: CommandSeries): Attributes {
    const name = 'dmarket_bot_command_duration_seconds';
    return (series.duration ??= this.state.instruments.admit(name, pick(name, series.labels)));
  }

  /** Route templates changed: cached endpoint labels may be stale. */
  clear(): void {
    this.apiCache.clear();
    this.commandCache.clear();
  }

  private resolveApi(endpoint: unknown, method: unknown, status: unknown): Resolved<ApiSeries> {
    const attrs = this.state.resolve({ endpoint, method, status });
    if (!attrs) return 'invalid_label';
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

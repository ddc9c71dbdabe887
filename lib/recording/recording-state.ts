import type { Attributes } from '@opentelemetry/api';
import { EndpointTemplater } from '../labels/endpoint-label.js';
import type { LabelName } from '../labels/label-names.js';
import { LabelNormalizer } from '../labels/label-normalizer.js';
import type { MetricsCollectorOptions } from '../config/options.js';
import type { CatalogInstruments } from '../sdk/instruments.js';
import { DmarketActivity } from './dmarket-activity.js';
import { RateLimitGauges } from './rate-limit-gauges.js';
import { DropRecorder, type DropReason } from './drops.js';
import { HotSeries } from './hot-series.js';

export type RawLabels = Partial<Record<LabelName, unknown>>;

export type { MetricsCollectorOptions };

/**
 * What every recording path shares: instruments, label bounds (one cap per process, whichever
 * path records), endpoint templating and drop counting.
 */
export class RecordingState {
  readonly labels: LabelNormalizer;
  readonly endpoints: EndpointTemplater;
  readonly drops: DropRecorder;
  /** Last successful DMarket response, for the built-in `/health` check. */
  readonly dmarket = new DmarketActivity();
  /** Remaining-quota gauges that expire at the window reset (manual and captured alike). */
  readonly rateLimits: RateLimitGauges;
  /** Resolved labels of the hot calls (manual and captured), per raw tuple. */
  readonly hot: HotSeries;
  private captured = false;

  constructor(
    readonly instruments: CatalogInstruments,
    options: MetricsCollectorOptions = {},
  ) {
    this.labels = new LabelNormalizer(options.labelCaps);
    this.endpoints = new EndpointTemplater({
      extraTemplates: options.endpointTemplates,
      // Unknown routes over the cap fold into `other`: counted like any other series overflow.
      onUnknownOverflow: () => instruments.countOverflow('dmarket_bot_api_requests_total'),
    });
    this.rateLimits = new RateLimitGauges(instruments);
    this.drops = new DropRecorder(instruments);
    this.hot = new HotSeries(this);
  }

  /** True while HTTP auto-capture feeds the DMarket API metrics (manual calls then defer to it). */
  get autoCaptureActive(): boolean {
    return this.captured;
  }

  /** Auto-capture starts feeding the DMarket API metrics; returns the function that ends it. */
  deferManualApiCalls(): () => void {
    this.captured = true;
    return () => {
      this.captured = false;
    };
  }

  /** Runs one recording; a reason or any exception becomes a counted drop, never a throw. */
  guard(where: string, body: () => DropReason | undefined): void {
    try {
      const reason = body();
      if (reason) this.drops.drop(reason, where);
    } catch {
      this.drops.drop('internal_error', where);
    }
  }

  /** Bounded label values in the given key order, or `undefined` if any is unusable. */
  resolve(raw: RawLabels): Attributes | undefined {
    const attrs: Attributes = {};
    for (const key of Object.keys(raw) as LabelName[]) {
      const value = key === 'endpoint' ? this.endpointLabel(raw.endpoint) : this.labels.normalize(key, raw[key]);
      if (value === undefined) return undefined;
      attrs[key] = value;
    }
    return attrs;
  }

  /** Manual endpoints: templated like captured paths (no ids, no query), then the endpoint cap. */
  private endpointLabel(raw: unknown): string | undefined {
    if (typeof raw !== 'string' || raw.trim() === '') return undefined;
    return this.labels.normalize('endpoint', this.endpoints.label(raw.trim()));
  }
}

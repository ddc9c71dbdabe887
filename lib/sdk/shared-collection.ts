import {
  AggregationTemporality,
  InstrumentType,
  MetricReader,
  type CollectionResult,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';

type CollectionOptions = NonNullable<Parameters<MetricReader['collect']>[0]>;

/** Sustained collection rate a scrape flood can cause, per second (bursts up to the same number). */
export const MAX_COLLECTIONS_PER_SECOND = 10;
/** A foreign observable callback gets this long per collection; a hanging one then costs only its own series. */
export const COLLECT_TIMEOUT_MS = 2000;

/**
 * The one MetricReader the SDK sees, whatever the number of backends. Two readers make the SDK
 * keep, per reader, every accumulation the other reader's collections produced until that
 * reader collects (open-telemetry-js #4115): memory grows without bound when one of them is
 * rarely or never read. Here the Prometheus scrape and the periodic push share this reader.
 *
 * Callers arriving while a collection runs share it. Collections are rate-limited by a token
 * bucket: an ordinary scrape collects at once; under a flood, callers wait for the next token
 * and share the collection it starts, so data is never older than the request that asks.
 */
export class SharedCollection extends MetricReader {
  private running: Promise<CollectionResult> | undefined;
  private tokens: number;
  private refilledAt = performance.now();
  private collectionCount = 0;
  private push: MetricReader | undefined;

  /** How many SDK collections ran. */
  get collections(): number {
    return this.collectionCount;
  }

  constructor(
    temporality: (type: InstrumentType) => AggregationTemporality = () => AggregationTemporality.CUMULATIVE,
    private readonly perSecond = MAX_COLLECTIONS_PER_SECOND,
    private readonly timeoutMs = COLLECT_TIMEOUT_MS,
  ) {
    super({ aggregationTemporalitySelector: temporality });
    this.tokens = perSecond;
  }

  override collect(options?: CollectionOptions): Promise<CollectionResult> {
    if (this.running) return this.running;
    if (this.take()) return this.start(options);
    const wait = ((1 - this.tokens) / this.perSecond) * 1000;
    this.running = new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() => {
      this.running = undefined;
      // The token this collection waited for (timers may fire a little early: never more).
      if (!this.take()) this.tokens -= 1;
      return this.start(options);
    });
    return this.running;
  }

  private take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private start(options?: CollectionOptions): Promise<CollectionResult> {
    this.collectionCount++;
    const run = super.collect({ timeoutMillis: Math.min(options?.timeoutMillis ?? this.timeoutMs, this.timeoutMs) });
    this.running = run;
    void run
      .finally(() => {
        if (this.running === run) this.running = undefined;
      })
      .catch(() => undefined);
    return run;
  }

  /** The periodic push reading from this collection: the provider's flush and shutdown reach it. */
  attachPush(push: MetricReader): void {
    this.push = push;
  }

  protected override async onForceFlush(): Promise<void> {
    await this.push?.forceFlush();
  }

  /** The last push runs while this reader can still collect. */
  protected override async onShutdown(): Promise<void> {
    await this.push?.shutdown();
  }
}

/**
 * Cumulative whenever Prometheus is among the backends (it needs it) or the push exporters
 * disagree; otherwise what the push exporters ask for (e.g. OTLP with delta preference).
 */
export function sharedTemporality(
  prometheus: boolean,
  exporters: readonly PushMetricExporter[],
): (type: InstrumentType) => AggregationTemporality {
  return (type) => {
    if (prometheus || exporters.length === 0) return AggregationTemporality.CUMULATIVE;
    const wanted = exporters.map((e) => e.selectAggregationTemporality?.(type) ?? AggregationTemporality.CUMULATIVE);
    return wanted.every((t) => t === wanted[0]) ? wanted[0]! : AggregationTemporality.CUMULATIVE;
  };
}

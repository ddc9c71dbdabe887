import { diag } from '@opentelemetry/api';
import type { CollectionResult } from '@opentelemetry/sdk-metrics';
import { promisify } from 'node:util';
import { gzip as gzipCallback, constants } from 'node:zlib';
import type { MetricsCompression } from '../config/options.js';
import { dropCollidingFamilies } from '../prometheus/collisions.js';
import { PrometheusTextSerializer } from '../prometheus/text-serializer.js';

/** The Prometheus text format version Prometheus negotiates by default. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type { MetricsCompression };
/** Below this a gzip round trip costs more than the bytes it saves. */
export const GZIP_MIN_BYTES = 8 * 1024;

const gzip = promisify(gzipCallback);

/** One collection's body, with its gzip form made at most once (on the libuv thread pool). */
export class ExpositionBody {
  private compressed: Promise<Buffer> | undefined;

  constructor(readonly plain: Buffer) {}

  gzipped(): Promise<Buffer> {
    // Level 1: nearly all of the size win for a fraction of the CPU (docs/performance.md).
    this.compressed ??= gzip(this.plain, { level: constants.Z_BEST_SPEED });
    return this.compressed;
  }
}

/** Where collections come from: the shared collection (lib/sdk/shared-collection.ts). */
export interface MetricSource {
  collect(): Promise<CollectionResult>;
}

/** Data a collection lost because of other code on the provider. */
export type ForeignLoss = 'foreign_callback_failed' | 'foreign_name_collision';

/**
 * Collects and renders Prometheus text with this project's linear serializer. Scrapes arriving
 * while one render runs share it. A foreign observable callback that throws or times out costs
 * only its own series: the rest is served (200), the loss counted through `onLoss` and the
 * first one logged; a foreign instrument named like a catalog metric is left out (counted).
 */
export class Exposition {
  private readonly serializer = new PrometheusTextSerializer();
  private inflight: Promise<ExpositionBody> | undefined;
  private readonly logged = new Set<ForeignLoss>();

  constructor(
    private readonly source: MetricSource,
    private readonly ownerScope: string,
    private readonly onLoss: (reason: ForeignLoss) => void = () => undefined,
  ) {}

  render(): Promise<ExpositionBody> {
    this.inflight ??= this.collect().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async collect(): Promise<ExpositionBody> {
    return this.renderResult(await this.source.collect());
  }

  private async renderResult({ resourceMetrics, errors }: CollectionResult): Promise<ExpositionBody> {
    for (const error of errors)
      this.lose('foreign_callback_failed', 'an observable callback failed or timed out; its series are missing from this scrape', error);
    const { data, dropped } = dropCollidingFamilies(resourceMetrics, this.ownerScope);
    for (const name of dropped)
      this.lose('foreign_name_collision', `a second instrument named "${name}" is left out of /metrics`, undefined);
    return new ExpositionBody(await this.serializer.serializeSliced(data));
  }

  private lose(reason: ForeignLoss, what: string, error: unknown): void {
    this.onLoss(reason);
    if (this.logged.has(reason)) return;
    this.logged.add(reason);
    diag.error(
      `dmarket-bot-telemetry: ${what} (counted in dmarket_bot_telemetry_dropped_total{reason="${reason}"}; logged once)`,
      ...(error === undefined ? [] : [error]),
    );
  }
}

/**
 * Whether an `Accept-Encoding` header admits gzip (RFC 9110 §12.5.3): an explicit `gzip` or
 * `x-gzip` entry decides by its q-value; `*` covers gzip only when gzip is not listed.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part
      .toLowerCase()
      .split(';')
      .map((p) => p.trim());
    const given = params.find((p) => p.startsWith('q='));
    const value = given === undefined ? 1 : Number(given.slice(2));
    if (coding !== '') q.set(coding, Number.isNaN(value) ? 0 : value);
  }
  const explicit = q.get('gzip') ?? q.get('x-gzip');
  return (explicit ?? q.get('*') ?? 0) > 0;
}

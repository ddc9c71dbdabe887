import { diag } from '@opentelemetry/api';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import { promisify } from 'node:util';
import { gzip as gzipCallback, constants } from 'node:zlib';
import { PrometheusTextSerializer } from '../prometheus/text-serializer.js';

/** The Prometheus text format version Prometheus negotiates by default. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * `gzip`: compress for clients that accept it once the body reaches `GZIP_MIN_BYTES`;
 * `none`: always plain. See docs/performance.md for the measurements behind the default.
 */
export type MetricsCompression = 'gzip' | 'none';
export const DEFAULT_METRICS_COMPRESSION: MetricsCompression = 'gzip';
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

/**
 * Collects from the reader and renders Prometheus text with this project's linear serializer.
 * Scrapes arriving while one collection runs share its result instead of each paying for a full
 * collection.
 */
export class Exposition {
  private readonly serializer = new PrometheusTextSerializer();
  private inflight: Promise<ExpositionBody> | undefined;

  constructor(private readonly reader: MetricReader) {}

  render(): Promise<ExpositionBody> {
    this.inflight ??= this.collect().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async collect(): Promise<ExpositionBody> {
    const { resourceMetrics, errors } = await this.reader.collect();
    if (errors.length > 0) {
      diag.error('dmarket-bot-telemetry: metric collection failed', ...errors);
      throw new Error(`metric collection failed: ${errors.length} error(s)`);
    }
    return new ExpositionBody(await this.serializer.serializeSliced(resourceMetrics));
  }
}

/** Whether an `Accept-Encoding` header admits gzip (`gzip`, `x-gzip` or `*`, not `q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.toLowerCase().split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    return (q === undefined || Number(q.slice(2)) > 0) && (coding === 'gzip' || coding === 'x-gzip' || coding === '*');
  });
}

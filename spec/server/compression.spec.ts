import { expect } from 'chai';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { TelemetryHandle, TelemetryOptions } from '../../lib/index.js';
import { acceptsGzip, GZIP_MIN_BYTES } from '../../lib/server/exposition.js';
import { startScrapingPrometheus } from '../../scripts/stack/scraper.js';
import { eventually, instantQuery } from '../support/prometheus-api.js';
import { startTestTelemetry } from '../support/telemetry.js';

interface Raw {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A GET with exactly these headers (fetch would add and undo gzip itself). */
function rawGet(port: number, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/metrics', headers, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

async function withSeries(series: number, options: TelemetryOptions = {}): Promise<TelemetryHandle> {
  // No runtime metrics: two scrapes must give the same body.
  const handle = await startTestTelemetry({ runtimeMetrics: false, ...options });
  const filler = handle.meterProvider.getMeter('spec').createCounter('filler_total', { description: 'Fills the body' });
  for (let i = 0; i < series; i++) filler.add(i + 1, { item: `item-${i}` });
  return handle;
}

describe('/metrics compression', function () {
  this.timeout(60_000);

  describe('with a body above the gzip threshold', () => {
    let handle: TelemetryHandle;
    let port: number;
    before(async () => {
      handle = await withSeries(400);
      port = handle.endpoint?.port ?? 0;
    });
    after(() => handle.shutdown());

    it('gzips for a client that accepts gzip, and the body unpacks to the plain exposition', async () => {
      const plain = await rawGet(port, {});
      const zipped = await rawGet(port, { 'Accept-Encoding': 'gzip' });
      expect(plain.body.length).to.be.at.least(GZIP_MIN_BYTES);
      expect(plain.headers['content-encoding']).to.equal(undefined);
      expect(zipped.headers['content-encoding']).to.equal('gzip');
      expect(zipped.headers['vary']).to.equal('Accept-Encoding');
      expect(Number(zipped.headers['content-length'])).to.equal(zipped.body.length);
      expect(zipped.body.length).to.be.below(plain.body.length / 4);
      expect(gunzipSync(zipped.body).equals(plain.body)).to.equal(true);
    });

    it('sends plain text when gzip is refused with q=0', async () => {
      const res = await rawGet(port, { 'Accept-Encoding': 'gzip;q=0, identity' });
      expect(res.headers['content-encoding']).to.equal(undefined);
      expect(res.body.toString()).to.include('filler_total{item="item-399"} 400');
    });

    it('gzip;q=0 wins over * (RFC 9110 §12.5.3): identity', async () => {
      const res = await rawGet(port, { 'Accept-Encoding': 'gzip;q=0, *' });
      expect(res.headers['content-encoding']).to.equal(undefined);
      expect(res.body.toString()).to.include('filler_total{item="item-399"} 400');
      const wildcard = await rawGet(port, { 'Accept-Encoding': '*' });
      expect(wildcard.headers['content-encoding']).to.equal('gzip');
    });

    it('a real Prometheus (which asks for gzip) ingests every series', async () => {
      const prometheus = await startScrapingPrometheus({ bot: port });
      try {
        const ok = await eventually(async () => {
          const result = await instantQuery(prometheus.url, 'sum(filler_total)');
          return result.data?.result[0]?.value?.[1] === String((400 * 401) / 2);
        }, 30_000);
        expect(ok, 'prometheus stored all 400 filler series with their values').to.equal(true);
      } finally {
        await prometheus.stop();
      }
    });
  });

  it('leaves small bodies and metricsCompression "none" uncompressed', async () => {
    for (const [series, options] of [
      [1, {}],
      [400, { metricsCompression: 'none' }],
    ] as const) {
      const handle = await withSeries(series, options);
      try {
        const res = await rawGet(handle.endpoint?.port ?? 0, { 'Accept-Encoding': 'gzip' });
        expect(res.headers['content-encoding'], `${series} series, ${JSON.stringify(options)}`).to.equal(undefined);
        expect(res.body.toString()).to.include(`filler_total{item="item-${series - 1}"} ${series}`);
      } finally {
        await handle.shutdown();
      }
    }
  });

  it('reads Accept-Encoding the way HTTP defines it', () => {
    expect(acceptsGzip('gzip')).to.equal(true);
    expect(acceptsGzip('deflate, GZIP;q=0.5')).to.equal(true);
    expect(acceptsGzip('*')).to.equal(true);
    expect(acceptsGzip('x-gzip')).to.equal(true);
    expect(acceptsGzip('gzip;q=0')).to.equal(false);
    expect(acceptsGzip('gzip; q=0.000, br')).to.equal(false);
    expect(acceptsGzip('identity')).to.equal(false);
    expect(acceptsGzip('gzip;q=0, *')).to.equal(false);
    expect(acceptsGzip('*, gzip;q=0')).to.equal(false);
    expect(acceptsGzip('*;q=0, gzip')).to.equal(true);
    expect(acceptsGzip('x-gzip;q=0, *')).to.equal(false);
    expect(acceptsGzip('br, *;q=0')).to.equal(false);
    expect(acceptsGzip(undefined)).to.equal(false);
  });
});

import { expect } from 'chai';
import { CATALOG, type TelemetryHandle } from '../../lib/index.js';
import { DEFAULT_SERIES_LIMIT } from '../../lib/config/defaults.js';
import { startApiServer, type ApiServer } from '../support/api-server.js';
import { inParallel, keepAliveAgent, nodeRequest } from '../support/clients.js';
import { samplesOf, type ParsedExposition } from '../support/exposition.js';
import { figure } from '../support/figures.js';
import { settledHeap } from '../support/heap.js';
import { scrape, startTestTelemetry } from '../support/telemetry.js';

const RECORDINGS = 1_000_000;
const DISTINCT = 100_000;
const HTTP_PATHS = 100_000;
const SCRAPES = 20;

/** Series per catalog metric in one scrape (histograms counted once per label set). */
function seriesPerMetric(p: ParsedExposition): Map<string, number> {
  return new Map(CATALOG.map((s) => [s.name, samplesOf(p, s.kind === 'histogram' ? `${s.name}_count` : s.name).length]));
}

describe('reliability: cardinality attack', function () {
  this.timeout(300_000);
  let api: ApiServer;
  let handle: TelemetryHandle;
  before(async () => {
    api = await startApiServer();
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [api.url] });
  });
  after(async () => {
    await handle.shutdown();
    await api.close();
  });

  it(`${RECORDINGS} recordings over ${DISTINCT} distinct values and ${HTTP_PATHS} distinct request paths stay under the series cap`, async () => {
    const heapBefore = settledHeap();
    const rssBefore = process.memoryUsage().rss;
    const m = handle.metrics;
    let maxSeries = 0;
    const perScrape = RECORDINGS / 4 / SCRAPES;
    const started = performance.now();
    for (let s = 0; s < SCRAPES; s++) {
      for (let j = 0; j < perScrape; j++) {
        const i = s * perScrape + j;
        const v = i % DISTINCT;
        m.recordCommand(`/cmd${v}`);
        m.recordApiRequest({ endpoint: `/ws/feed/${v}`, method: 'GET', status: 200 + (v % 300), duration: 0.01 });
        m.recordTargetCreated({ game: `game-${v}` });
        m.updateCacheSize(1, { cacheType: `cache-${v}` });
      }
      const counts = seriesPerMetric(await scrape(handle));
      for (const [name, n] of counts) expect(n, `${name} after scrape ${s + 1}`).to.be.at.most(DEFAULT_SERIES_LIMIT);
      maxSeries = Math.max(maxSeries, ...counts.values());
    }
    const recordSeconds = (performance.now() - started) / 1000;

    const agent = keepAliveAgent();
    const httpStarted = performance.now();
    const indexes = Array.from({ length: HTTP_PATHS }, (_, i) => i);
    await inParallel(indexes, 32, (i) => nodeRequest(`${api.url}/exchange/v1/offers/${i}/x${i % 7}?q=${i}`, { agent }));
    agent.destroy();
    const httpSeconds = (performance.now() - httpStarted) / 1000;
    const final = await scrape(handle);
    for (const [name, n] of seriesPerMetric(final)) expect(n, name).to.be.at.most(DEFAULT_SERIES_LIMIT);
    // Folded, never lost: every manual and every captured request is in some series.
    const apiTotal = samplesOf(final, 'dmarket_bot_api_requests_total').reduce((a, s) => a + s.value, 0);
    expect(apiTotal).to.equal(RECORDINGS / 4 + HTTP_PATHS);

    // After a full GC, so garbage from 100,000 requests' sockets does not count as growth.
    const heapGrowthMb = (settledHeap() - heapBefore) / 1e6;
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1e6;
    figure('cardinality', `recordings (4 calls × ${RECORDINGS / 4})`, `${RECORDINGS} in ${recordSeconds.toFixed(1)} s`);
    figure('cardinality', 'auto-captured requests to distinct paths', `${HTTP_PATHS} in ${httpSeconds.toFixed(1)} s`);
    figure('cardinality', `max series of any metric over ${SCRAPES + 1} scrapes (cap ${DEFAULT_SERIES_LIMIT})`, maxSeries);
    figure('cardinality', 'RSS growth', `${rssGrowthMb.toFixed(1)} MB`);
    figure('cardinality', 'heap growth after GC', `${heapGrowthMb.toFixed(1)} MB`);
    expect(rssGrowthMb).to.be.below(50);
  });
});

import type { MetricsCollectorCore } from '../../lib/collector/metrics-collector.js';

type Bot = Pick<MetricsCollectorCore, 'recordApiRequest' | 'recordError' | 'recordCommand'>;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const STATUSES = [200, 429];

/**
 * Fills the catalog as far as its label bounds let a bot go (100 values per label, 1,000 series
 * per metric): API metrics 100 endpoints × 5 methods × 2 statuses, 1,000 error and command series.
 */
export function fillToCap(bot: Bot): void {
  for (let e = 0; e < 100; e++) {
    for (const method of METHODS) {
      for (const status of STATUSES) bot.recordApiRequest({ endpoint: `/exchange/v1/route-${e}/items`, method, status, duration: 0.05 * (e % 40) });
    }
    for (let m = 0; m < 10; m++) bot.recordError(`Error${e}`, `module${m}`);
    bot.recordCommand(`/command${e}`, { status: e % 2 ? 'ok' : 'error' });
  }
}

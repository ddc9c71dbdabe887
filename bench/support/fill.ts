import type { RecordingFacade } from '../../lib/recording/recording-facade.js';
import { DMARKET_ROUTES } from '../../lib/dmarket/routes.js';

type Bot = Pick<RecordingFacade, 'recordApiRequest' | 'recordError' | 'recordCommand'>;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const STATUSES = [200, 429];

/** `0 → a`, `25 → z`, `26 → ba`: digit-free words, which unknown-route templating keeps. */
export function letters(n: number): string {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

/**
 * 100 endpoints as a bot at the label bounds sends them: every DMarket route template, then
 * unknown routes (the first 50 distinct ones keep their own template, later ones become `other`).
 */
const ENDPOINTS = Array.from({ length: 100 }, (_, e) => DMARKET_ROUTES[e]?.template ?? `/exchange/v1/unknown-${letters(e)}/items`);

/**
 * Fills the catalog as far as its label bounds let a bot go (1,000 series per metric): API
 * metrics 100 endpoints × 5 methods × 2 statuses, 1,000 error and command series.
 */
export function fillToCap(bot: Bot): void {
  for (let e = 0; e < 100; e++) {
    for (const method of METHODS) {
      for (const status of STATUSES) bot.recordApiRequest({ endpoint: ENDPOINTS[e]!, method, status, duration: 0.05 * (e % 40) });
    }
    for (let m = 0; m < 10; m++) bot.recordError(`Error${e}`, `module${m}`);
    bot.recordCommand(`/command${e}`, { status: e % 2 ? 'ok' : 'error' });
  }
}

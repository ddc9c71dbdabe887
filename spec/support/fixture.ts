import type { RecordingFacade } from '../../lib/recording/recording-facade.js';

/** One known recording for every catalog metric, used by the exposition tests. */
export function recordKnownFixture(m: RecordingFacade): void {
  m.recordCommand('/start', { userId: 123456, duration: 0.04 });
  m.recordCommand('/start', { userId: 654321, duration: 0.2 });
  m.recordCommand('/balance', { status: 'error', duration: 3 });
  m.recordUpdate('command', { userId: 123456 });
  m.recordUpdate('callback_query', { userId: 654321 });
  m.recordApiRequest({ endpoint: '/exchange/v1/market/items?gameId=a8db&title=AK-47', method: 'GET', status: 200, duration: 0.07 });
  m.recordApiRequest({ endpoint: '/exchange/v1/market/items', method: 'GET', status: 429, duration: 0.3 });
  m.recordApiRequest({ endpoint: '/exchange/v1/offers/5f3c2a', method: 'get', status: 200, duration: 1.5 });
  m.recordError('TimeoutError', 'arbitrage');
  // With the exposition tests' series limit of 4, the third new error type overflows.
  for (const type of ['ParseError', 'AuthError', 'RareError']) m.recordError(type, 'arbitrage');
  m.recordArbitrageScan({ level: 'standard', game: 'csgo', duration: 2.5, found: 15 });
  m.recordArbitrageScan({ level: 'pro', game: '9a92', duration: 45, found: 0 });
  m.recordTargetCreated({ game: 'a8db' });
  m.recordTargetHit({ game: 'csgo' });
  m.recordTrade({ type: 'buy', game: 'rust', amountUsd: 12.5 });
  m.recordTrade({ type: 'sell', game: 'rust', amountUsd: 13.75 });
  m.updateActiveUsers(1250);
  m.updateActiveTargets(3, { game: 'tf2' });
  m.updateBalance(1234.56);
  m.updateCacheSize(42, { cacheType: 'price' });
  m.updateRateLimit(17, { scope: 'market', limit: 60 });
  m.updateBalance(Number.NaN);
}

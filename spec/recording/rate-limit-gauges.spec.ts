import { createNoopMeter } from '@opentelemetry/api';
import { expect } from 'chai';
import { RateLimitGauges } from '../../lib/recording/rate-limit-gauges.js';
import { CatalogInstruments } from '../../lib/sdk/instruments.js';
import { pendingLibTimers, trackLibTimers } from '../support/lib-resources.js';

describe('rate-limit gauges after shutdown', () => {
  it('a reading after close() arms no expiry timer (a late updateRateLimit left one pending after shutdown)', () => {
    trackLibTimers();
    const timers = (): number => pendingLibTimers().filter((where) => where.startsWith('lib/recording/rate-limit-gauges.ts')).length;
    const gauges = new RateLimitGauges(new CatalogInstruments(createNoopMeter()));
    const before = timers();
    gauges.set('market', 5, 10, 30);
    expect(timers(), 'armed while open').to.equal(before + 1);
    gauges.close();
    expect(timers(), 'cleared by close').to.equal(before);
    gauges.set('market', 4, 10, 30);
    expect(timers(), 'not armed again after close').to.equal(before);
  });
});

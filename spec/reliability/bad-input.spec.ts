import { expect } from 'chai';
import type { TelemetryHandle } from '../../lib/index.js';
import type { RecordingFacade } from '../../lib/recording/recording-facade.js';
import { samplesOf } from '../support/exposition.js';
import { figure } from '../support/figures.js';
import { scrape, startTestTelemetry } from '../support/telemetry.js';

/** Values no numeric argument may accept (updateBalance is left out: a negative balance is data). */
const BAD_NUMBERS: unknown[] = [Number.NaN, Infinity, -Infinity, -1, '12', undefined, null, {}, [], Symbol('x'), 10n];
/** Values no label argument may accept (numbers and strings are valid labels). */
const BAD_LABELS: unknown[] = [Number.NaN, Infinity, undefined, null, {}, [], Symbol('x'), () => 'x'];

type Call = (m: RecordingFacade, bad: unknown) => void;
const any = (v: unknown) => v as never;

/** Every public recording call, with the bad value in each numeric or label argument. */
const NUMERIC_CALLS: Record<string, Call> = {
  'recordApiRequest.duration': (m, v) => m.recordApiRequest({ endpoint: '/x', method: 'GET', status: 200, duration: any(v) }),
  'recordArbitrageScan.duration': (m, v) => m.recordArbitrageScan({ level: 'pro', game: 'csgo', duration: any(v) }),
  'recordTrade.amountUsd': (m, v) => m.recordTrade({ type: 'buy', game: 'csgo', amountUsd: any(v) }),
  updateActiveUsers: (m, v) => m.updateActiveUsers(any(v)),
  updateActiveTargets: (m, v) => m.updateActiveTargets(any(v), { game: 'csgo' }),
  updateCacheSize: (m, v) => m.updateCacheSize(any(v), { cacheType: 'price' }),
  'updateRateLimit.remaining': (m, v) => m.updateRateLimit(any(v), { scope: 'market' }),
  'recordCommand.duration': (m, v) => m.recordCommand('/start', { duration: any(v) }),
};

const LABEL_CALLS: Record<string, Call> = {
  'recordCommand.command': (m, v) => m.recordCommand(any(v)),
  'recordCommand.status': (m, v) => m.recordCommand('/start', { status: any(v) }),
  'recordApiRequest.endpoint': (m, v) => m.recordApiRequest({ endpoint: any(v), method: 'GET', status: 200, duration: 1 }),
  'recordApiRequest.method': (m, v) => m.recordApiRequest({ endpoint: '/x', method: any(v), status: 200, duration: 1 }),
  'recordApiRequest.status': (m, v) => m.recordApiRequest({ endpoint: '/x', method: 'GET', status: any(v), duration: 1 }),
  'recordError.errorType': (m, v) => m.recordError(any(v), 'module'),
  'recordError.module': (m, v) => m.recordError('Type', any(v)),
  'recordArbitrageScan.level': (m, v) => m.recordArbitrageScan({ level: any(v), game: 'csgo', duration: 1 }),
  'recordArbitrageScan.game': (m, v) => m.recordArbitrageScan({ level: 'pro', game: any(v), duration: 1 }),
  'recordTargetCreated.game': (m, v) => m.recordTargetCreated({ game: any(v) }),
  'recordTargetHit.game': (m, v) => m.recordTargetHit({ game: any(v) }),
  'recordTrade.type': (m, v) => m.recordTrade({ type: any(v), game: 'csgo', amountUsd: 1 }),
  'updateActiveTargets.game': (m, v) => m.updateActiveTargets(1, { game: any(v) }),
  'updateCacheSize.cacheType': (m, v) => m.updateCacheSize(1, { cacheType: any(v) }),
  'updateRateLimit.scope': (m, v) => m.updateRateLimit(1, { scope: any(v) }),
  'recordUpdate.updateType': (m, v) => m.recordUpdate(any(v)),
  'whole argument': (m, v) => m.recordTrade(any(v)),
};

const OPTIONAL = new Set(['recordCommand.status', 'recordCommand.duration']);

describe('reliability: bad input matrix', () => {
  let handle: TelemetryHandle;
  before(async () => (handle = await startTestTelemetry()));
  after(() => handle.shutdown());

  it('every bad value × every public call: no throw, and the dropped counter equals the bad calls exactly', async () => {
    let bad = 0;
    for (const [name, call] of Object.entries(NUMERIC_CALLS)) {
      // An optional number left undefined means "not given".
      for (const value of OPTIONAL.has(name) ? BAD_NUMBERS.filter((v) => v !== undefined) : BAD_NUMBERS) {
        expect(() => call(handle.metrics, value), `${name}(${String(value)})`).to.not.throw();
        bad++;
      }
    }
    for (const [name, call] of Object.entries(LABEL_CALLS)) {
      // An optional argument left undefined or null means "use the default", not a bad value.
      const values = OPTIONAL.has(name) ? BAD_LABELS.filter((v) => v != null) : BAD_LABELS;
      for (const value of values) {
        expect(() => call(handle.metrics, value), `${name}(${String(value)})`).to.not.throw();
        bad++;
      }
    }
    const p = await scrape(handle);
    const dropped = samplesOf(p, 'dmarket_bot_telemetry_dropped_total').reduce((sum, s) => sum + s.value, 0);
    expect(dropped).to.equal(bad);
    // Nothing bad reached a bot metric.
    for (const name of [
      'dmarket_bot_commands_total',
      'dmarket_bot_command_duration_seconds_count',
      'dmarket_bot_updates_total',
      'dmarket_bot_errors_total',
      'dmarket_bot_trades_total',
      'dmarket_bot_active_users',
    ]) {
      expect(samplesOf(p, name), name).to.be.empty;
    }
    figure(
      'bad input',
      'calls × bad values tried',
      `${Object.keys(NUMERIC_CALLS).length + Object.keys(LABEL_CALLS).length} calls, ${bad} bad calls`,
    );
    figure('bad input', 'thrown / dropped-and-counted', `0 / ${dropped}`);
  });
});

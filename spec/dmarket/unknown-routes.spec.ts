import { expect } from 'chai';
import type { TelemetryHandle } from '../../lib/index.js';
import { EndpointTemplater } from '../../lib/labels/endpoint-label.js';
import { isLiteralWord, MAX_UNKNOWN_SEGMENTS } from '../../lib/dmarket/unknown-route.js';
import { samplesOf, sampleValue } from '../support/exposition.js';
import { scrape, startTestTelemetry } from '../support/telemetry.js';

describe('unknown-route templating', () => {
  it('keeps route words and versions, replaces ids, tokens, titles and overlong text', () => {
    for (const word of ['exchange', 'user-offers', 'sendMessage', 'v1', 'v2beta1', 'offers:batchCreate', 'last_sales'])
      expect(isLiteralWord(word), word).to.equal(true);
    for (const id of [
      'a8db',
      '123',
      '3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c',
      'deadbeefcafe',
      'eyJhbGciOiJIUzI1NiJ9',
      'AK-47 | Redline',
      'Redline',
      '★',
      'x'.repeat(41),
      'a.json',
      'bot123:AAH',
      '{id}',
    ]) {
      expect(isLiteralWord(id), id).to.equal(false);
    }
  });

  it('caps distinct unknown templates, then folds into other and reports each overflow', () => {
    let overflow = 0;
    const templater = new EndpointTemplater({ unknownRouteCap: 3, onUnknownOverflow: () => overflow++ });
    const labels = ['/a/one', '/a/two', '/a/three', '/a/four', '/a/one', '/a/five', '/exchange/v1/market/items'].map((p) =>
      templater.label(p),
    );
    expect(labels).to.deep.equal(['/a/one', '/a/two', '/a/three', 'other', '/a/one', 'other', '/exchange/v1/market/items']);
    expect(overflow).to.equal(2);
    expect(templater.label('/' + Array.from({ length: MAX_UNKNOWN_SEGMENTS + 1 }, () => 'x').join('/'))).to.equal('other');
  });

  describe('manual recordApiRequest endpoints', function () {
    this.timeout(20_000);
    let handle: TelemetryHandle;
    before(async () => (handle = await startTestTelemetry()));
    after(async () => handle.shutdown());

    it('are templated the same way: a Telegram URL with /bot<TOKEN>/ never exports the token, nor a query', async () => {
      const m = handle.metrics;
      m.recordApiRequest({
        endpoint: 'https://api.telegram.org/bot123456:AAH-secretToken/sendMessage?chat_id=42',
        method: 'POST',
        status: 200,
        duration: 0.1,
      });
      m.recordApiRequest({
        endpoint: '/marketplace-api/v1/targets-by-title/a8db/AK-47%20%7C%20Redline',
        method: 'GET',
        status: 'ok',
        duration: 0.1,
      });
      m.recordApiRequest({ endpoint: '/v1/hooks?callback=https://x/SECRET', method: 'GET', status: 200, duration: 0.1 });
      const p = await scrape(handle);
      expect(sampleValue(p, 'dmarket_bot_api_requests_total', { endpoint: '/{id}/sendMessage', method: 'POST', status: '200' })).to.equal(
        1,
      );
      expect(
        sampleValue(p, 'dmarket_bot_api_requests_total', {
          endpoint: '/marketplace-api/v1/targets-by-title/{game_id}/{title}',
          method: 'GET',
          status: 'ok',
        }),
      ).to.equal(1);
      expect(sampleValue(p, 'dmarket_bot_api_requests_total', { endpoint: '/v1/hooks', method: 'GET', status: '200' })).to.equal(1);
      const endpoints = samplesOf(p, 'dmarket_bot_api_requests_total')
        .map((s) => s.labels['endpoint'])
        .join(' ');
      expect(endpoints).to.not.match(/secret|SECRET|123456|Redline|chat_id|42/);
    });
  });
});

import { expect } from 'chai';
import { DMARKET_ROUTES } from '../../lib/dmarket/routes.js';
import { OTHER } from '../../lib/index.js';
import { EndpointTemplater } from '../../lib/labels/endpoint-label.js';
import { normalizeGame } from '../../lib/labels/games.js';
import { normalizeCommand } from '../../lib/labels/label-rules.js';
import { LabelNormalizer } from '../../lib/labels/label-normalizer.js';
import { MAX_LABEL_LENGTH } from '../../lib/labels/text.js';

describe('label values', () => {
  describe('game', () => {
    it('maps DMarket game ids and names to the four game labels', () => {
      expect(normalizeGame('a8db')).to.equal('csgo');
      expect(normalizeGame('a8db99ca-dc45-4c0e-9989-11ba71ed97a2')).to.equal('csgo');
      expect(normalizeGame('CS2')).to.equal('csgo');
      expect(normalizeGame('9a92')).to.equal('dota2');
      expect(normalizeGame('9a92ea9a-a7e5-4c91-a4e0-09c64a0f4c16')).to.equal('dota2');
      expect(normalizeGame('tf2')).to.equal('tf2');
      expect(normalizeGame(' Rust ')).to.equal('rust');
    });

    it('turns unknown games into other', () => {
      expect(normalizeGame('minecraft')).to.equal(OTHER);
      expect(normalizeGame('a8db-but-not-really')).to.equal(OTHER);
    });
  });

  describe('command', () => {
    it('keeps one lower-case token without the bot mention', () => {
      expect(normalizeCommand('/Start@MyBot some args')).to.equal('/start');
      expect(normalizeCommand('/balance')).to.equal('/balance');
    });

    it('folds distinct commands past the cap into other, and keeps the ones seen before', () => {
      const labels = new LabelNormalizer({ command: 3 });
      const got = ['/a', '/b', '/c', '/d', '/e', '/a'].map((c) => labels.normalize('command', c));
      expect(got).to.deep.equal(['/a', '/b', '/c', OTHER, OTHER, '/a']);
    });
  });

  describe('closed sets', () => {
    const labels = new LabelNormalizer();

    it('maps unknown HTTP methods to _OTHER and normalises case', () => {
      expect(labels.normalize('method', 'get')).to.equal('GET');
      expect(labels.normalize('method', 'BREW')).to.equal('_OTHER');
    });

    it('accepts numeric statuses and failure kinds, nothing else', () => {
      expect(labels.normalize('status', 200)).to.equal('200');
      expect(labels.normalize('status', 'timeout')).to.equal('timeout');
      expect(labels.normalize('status', '999')).to.equal(OTHER);
    });

    it('maps unknown levels and trade types to other', () => {
      expect(labels.normalize('level', 'Standard')).to.equal('standard');
      expect(labels.normalize('level', 'legendary')).to.equal(OTHER);
      expect(labels.normalize('type', 'gift')).to.equal(OTHER);
    });
  });

  describe('free-form text', () => {
    const labels = new LabelNormalizer();

    it('truncates long values and removes control characters', () => {
      const value = labels.normalize('error_type', 'x'.repeat(10_000));
      expect(value).to.have.length(MAX_LABEL_LENGTH);
      expect(labels.normalize('module', 'a\nb\u0000c')).to.equal('a b c');
    });

    it('never cuts a surrogate pair in half and repairs lone surrogates', () => {
      const value = labels.normalize('error_type', 'x'.repeat(MAX_LABEL_LENGTH - 1) + '😀');
      expect(value?.isWellFormed()).to.equal(true);
      expect(labels.normalize('module', 'bad\ud800')).to.equal('bad\ufffd');
    });

    it('rejects values that are not strings, numbers or booleans', () => {
      expect(labels.normalize('module', { toString: () => 'x' })).to.equal(undefined);
      expect(labels.normalize('module', undefined)).to.equal(undefined);
      expect(labels.normalize('module', Number.NaN)).to.equal(undefined);
    });
  });

  describe('endpoint templating', () => {
    const templater = new EndpointTemplater(['/custom/v1/things/{id}']);

    it('maps raw paths and URLs to DMarket route templates, dropping query strings', () => {
      expect(templater.template('https://api.dmarket.com/marketplace-api/v1/targets-by-title/a8db/AK-47%20Redline')).to.equal(
        '/marketplace-api/v1/targets-by-title/{game_id}/{title}',
      );
      expect(templater.template('/marketplace-api/v1/deposit-status/77/')).to.equal('/marketplace-api/v1/deposit-status/{DepositID}');
      expect(templater.template('/exchange/v1/market/items?gameId=a8db&title=secret')).to.equal('/exchange/v1/market/items');
    });

    it('keeps every reference route as its own template', () => {
      for (const route of DMARKET_ROUTES) expect(templater.template(route.template)).to.equal(route.template);
    });

    it('prefers literal segments over parameters and accepts user templates', () => {
      expect(templater.template('/exchange/v1/offers/details', 'POST')).to.equal('/exchange/v1/offers/details');
      expect(templater.template('/custom/v1/things/9')).to.equal('/custom/v1/things/{id}');
    });

    it('returns undefined for unknown paths and for empty parameter segments', () => {
      expect(templater.template('/not/a/route')).to.equal(undefined);
      expect(templater.template('/marketplace-api/v1/targets-by-title/a8db/')).to.equal(undefined);
    });

    it('labels unknown paths by their literal words, ids and free text as {id}', () => {
      expect(templater.label('/exchange/v1/offers/abc123?x=1')).to.equal('/exchange/v1/offers/{id}');
      expect(templater.label('/not/a/route')).to.equal('/not/a/route');
      expect(templater.label('/marketplace-api/v1/targets-by-title/a8db/')).to.equal('/marketplace-api/v1/targets-by-title/{id}');
    });
  });
});

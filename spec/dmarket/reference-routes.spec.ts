import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { buildRoutes, render } from '../../scripts/dmarket-routes/generate.js';
import { DMARKET_ROUTES } from '../../lib/dmarket/routes.js';
import { EndpointTemplater } from '../../lib/labels/endpoint-label.js';

/** The routes shared/reference/dmarket-api.md lists (official OpenAPI v1.1.0, then used-but-undocumented). */
const OFFICIAL = [
  'GET /account/v1/user',
  'GET /account/v1/balance',
  'GET /exchange/v1/market/items',
  'GET /exchange/v1/offers-by-title',
  'PATCH /exchange/v1/offers-buy',
  'DELETE /exchange/v1/offers',
  'GET /exchange/v1/user/items',
  'GET /exchange/v1/customized-fees',
  'POST /exchange/v1/withdraw-assets',
  'GET /marketplace-api/v1/user-offers',
  'POST /marketplace-api/v1/user-offers/create',
  'POST /marketplace-api/v1/user-offers/edit',
  'GET /marketplace-api/v1/user-offers/closed',
  'GET /marketplace-api/v1/user-targets',
  'POST /marketplace-api/v1/user-targets/create',
  'POST /marketplace-api/v1/user-targets/delete',
  'GET /marketplace-api/v1/user-targets/closed',
  'GET /marketplace-api/v1/targets-by-title/{game_id}/{title}',
  'GET /marketplace-api/v1/user-inventory',
  'POST /marketplace-api/v1/user-inventory/sync',
  'POST /marketplace-api/v1/deposit-assets',
  'GET /marketplace-api/v1/deposit-status/{DepositID}',
  'POST /marketplace-api/v1/aggregated-prices',
  'GET /trade-aggregator/v1/last-sales',
];
const EXTRA = [
  'GET /price-aggregator/v1/aggregated-prices',
  'GET /marketplace-api/v1/market-depth',
  'GET /marketplace-api/v1/last-sales',
  'GET /marketplace-api/v1/sales-history',
  'GET /marketplace-api/v1/cumulative-price-levels',
  'GET /exchange/v1/history',
  'POST /exchange/v1/offers/details',
  'POST /exchange/v1/offers',
  'GET /trade-aggregator/v1/avg-sales-graph',
  'GET /game/v1/games',
];
/** The reference file's Correction list: in no spec and no real client. */
const REMOVED = [
  '/api/v1/account/balance',
  '/api/v1/account/details',
  '/account/v1/sales-history',
  '/exchange/v1/ping',
  '/exchange/v1/market/best-offers',
  '/exchange/v1/market/meta',
  '/exchange/v1/market/price-history',
  '/exchange/v1/market/aggregated-prices',
  '/exchange/v1/market/items/buy',
  '/exchange/v1/offers/create',
  '/exchange/v1/user/inventory/sell',
  '/exchange/v1/user/items/sell',
  '/exchange/v1/user/offers/edit',
  '/exchange/v1/user/offers/delete',
  '/exchange/v1/sales/history',
  '/exchange/v1/user/balance',
  '/marketplace-api/v1/create-offers',
  '/marketplace-api/v1/market-items',
  '/marketplace-api/v1/offers-by-title',
  '/marketplace-api/v1/aggregated-titles-by-games',
  '/marketplace-api/v1/user-offers/delete',
];

const wire = (template: string): string =>
  template
    .replace('{game_id}', 'a8db')
    .replace('{title}', encodeURIComponent('★ Karambit | Doppler (Factory New)'))
    .replace('{DepositID}', '3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c') + '?limit=100&cursor=abc';

describe('the DMarket route table against the reference routes', () => {
  const templater = new EndpointTemplater();

  it('templates every official and every used-but-undocumented reference route from a wire path', () => {
    const correct = [...OFFICIAL, ...EXTRA].filter((line) => {
      const [method, template] = line.split(' ') as [string, string];
      const route = DMARKET_ROUTES.find((r) => r.template === template);
      return route?.methods.includes(method) && templater.label(wire(template), method) === template;
    });
    console.log(`    reference routes templated correctly: ${correct.length}/${OFFICIAL.length + EXTRA.length}`);
    expect(correct).to.deep.equal([...OFFICIAL, ...EXTRA]);
    expect(DMARKET_ROUTES.filter((r) => r.source === 'openapi')).to.have.length(OFFICIAL.length);
  });

  it('has none of the routes that exist in no spec and no client; their paths get no table template', () => {
    const table = new Set(DMARKET_ROUTES.map((r) => r.template));
    for (const path of REMOVED) {
      expect(table.has(path), path).to.equal(false);
      expect(templater.template(path), path).to.equal(undefined);
    }
  });

  it('lib/dmarket/routes.ts is exactly what the generator makes of the committed OpenAPI document and clients list', () => {
    const dir = new URL('../../scripts/dmarket-routes/', import.meta.url);
    const spec = JSON.parse(readFileSync(new URL('openapi-v1.1.0.json', dir), 'utf8')) as Parameters<typeof buildRoutes>[0];
    const clients = JSON.parse(readFileSync(new URL('clients.json', dir), 'utf8')) as Parameters<typeof buildRoutes>[1];
    const generated = render(spec, buildRoutes(spec, clients));
    expect(readFileSync(new URL('../../lib/dmarket/routes.ts', import.meta.url), 'utf8')).to.equal(generated);
    // Every route not in the document is called by at least one client (or has a named source).
    const extra = buildRoutes(spec, clients).filter((r) => r.source === 'clients');
    for (const route of extra) expect(route.usedBy.size, route.template).to.be.greaterThan(0);
  });
});

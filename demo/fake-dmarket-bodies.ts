/**
 * Response bodies of the fake DMarket API, shaped like the real ones (OpenAPI v1.1.0 field
 * names): item ids are UUIDs, titles real CS2/Dota 2 names, prices in cents as strings, lists
 * paginated by `cursor`.
 */
import { randomUUID } from 'node:crypto';

export const DEMO_TITLES = [
  'AK-47 | Redline (Field-Tested)',
  '★ Karambit | Doppler (Factory New)',
  'StatTrak™ M4A1-S | Hyper Beast (Minimal Wear)',
  'AWP | Asiimov (Battle-Scarred)',
  'Sticker | Team Liquid (Holo) | Katowice 2019',
  'Genuine Golden Baby Roshan',
];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const cents = (min: number, max: number): string => String(Math.round(min + Math.random() * (max - min)));

function item(gameId: string): Record<string, unknown> {
  const title = pick(DEMO_TITLES);
  return {
    itemId: randomUUID(),
    title,
    gameId,
    price: { USD: cents(50, 150_000) },
    extra: { exterior: title.match(/\(([^)]+)\)$/)?.[1] ?? 'Not Painted', tradeLockDuration: 0 },
  };
}

/** A page of `n` objects and the cursor of the next page (none after the third). */
function page(query: URLSearchParams, make: () => Record<string, unknown>, key = 'objects'): Record<string, unknown> {
  const n = Math.min(Number(query.get('limit') ?? 20) || 20, 20);
  const pageNo = Number(Buffer.from(query.get('cursor') ?? '', 'base64url').toString() || 0);
  const cursor = pageNo < 2 ? Buffer.from(String(pageNo + 1)).toString('base64url') : '';
  return { [key]: Array.from({ length: n }, make), cursor, total: { items: 3 * n } };
}

/** Body for a route template (as in lib/dmarket/routes.ts) and the request's query. */
export function bodyFor(template: string, query: URLSearchParams): unknown {
  const gameId = query.get('gameId') ?? query.get('GameID') ?? 'a8db';
  switch (template) {
    case '/account/v1/balance':
      return { usd: cents(100_000, 150_000), usdAvailableToWithdraw: cents(50_000, 100_000), dmc: '0' };
    case '/account/v1/user':
      return {
        id: randomUUID(),
        username: 'demo-trader',
        email: 'demo@example.invalid',
        countryCode: 'DE',
        settings: { tradingApiToken: '' },
      };
    case '/exchange/v1/market/items':
    case '/exchange/v1/offers-by-title':
    case '/exchange/v1/user/items':
      return page(query, () => item(gameId));
    case '/marketplace-api/v1/targets-by-title/{game_id}/{title}':
      return {
        orders: Array.from({ length: 5 }, () => ({
          amount: String(1 + Math.floor(Math.random() * 5)),
          price: cents(50, 120_000),
          title: pick(DEMO_TITLES),
        })),
      };
    case '/marketplace-api/v1/aggregated-prices':
      return {
        aggregatedPrices: DEMO_TITLES.map((title) => ({
          title,
          orderBestPrice: { Amount: cents(50, 100_000), Currency: 'USD' },
          offerBestPrice: { Amount: cents(60, 120_000), Currency: 'USD' },
        })),
        nextCursor: '',
      };
    case '/trade-aggregator/v1/last-sales':
      return {
        sales: Array.from({ length: 10 }, () => ({
          price: cents(50, 120_000),
          date: String(Math.floor(Date.now() / 1000) - Math.floor(Math.random() * 86_400)),
          txOperationType: pick(['Offer', 'Target']),
        })),
      };
    case '/marketplace-api/v1/user-targets':
    case '/marketplace-api/v1/user-targets/closed':
      return page(
        query,
        () => ({
          TargetID: randomUUID(),
          Title: pick(DEMO_TITLES),
          Amount: '1',
          Price: { Amount: cents(50, 100_000), Currency: 'USD' },
          Status: 'TargetStatusActive',
        }),
        'Items',
      );
    case '/marketplace-api/v1/user-offers':
    case '/marketplace-api/v1/user-offers/closed':
      return page(
        query,
        () => ({
          OfferID: randomUUID(),
          AssetID: randomUUID(),
          Title: pick(DEMO_TITLES),
          Price: { Amount: cents(60, 120_000), Currency: 'USD' },
          Status: pick(['Active', 'Sold', 'Inactive', 'In_transfer']),
        }),
        'Items',
      );
    case '/marketplace-api/v1/user-inventory':
      return page(
        query,
        () => ({ AssetID: randomUUID(), Title: pick(DEMO_TITLES), InMarket: Math.random() < 0.5, Tradable: true }),
        'Items',
      );
    case '/exchange/v1/customized-fees':
      return {
        defaultFee: { fraction: '0.1', minAmount: '1' },
        reducedFees: DEMO_TITLES.slice(0, 3).map((title) => ({
          title,
          fraction: '0.02',
          expiresAt: Math.floor(Date.now() / 1000) + 86_400,
        })),
        total: 3,
      };
    case '/marketplace-api/v1/deposit-assets':
      return { DepositID: randomUUID() };
    case '/marketplace-api/v1/deposit-status/{DepositID}':
      return { DepositID: randomUUID(), Status: pick(['TransferStatusPending', 'TransferStatusFinished']), Assets: [] };
    default:
      return { Result: [{ Successful: true, Error: null }], orderId: randomUUID() };
  }
}

/**
 * The DMarket calls a real trading bot makes, flow by flow, with the paths, queries and bodies
 * public clients send (titles URL-encoded, cursors followed, ids from earlier answers). Each
 * flow returns what the bot learned so the simulation can record its domain metrics.
 */
import { randomUUID } from 'node:crypto';
import type { ApiResult, DemoDmarketClient } from './dmarket-client.js';
import { DEMO_TITLES } from './fake-dmarket-bodies.js';

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const q = (params: Record<string, string | number>): string =>
  new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
const price = (cents: number): { amount: string; currency: string } => ({ amount: String(cents), currency: 'USD' });

interface Listed {
  readonly objects?: ReadonlyArray<{ itemId?: string }>;
  readonly Items?: ReadonlyArray<{ TargetID?: string; OfferID?: string; AssetID?: string }>;
  readonly cursor?: string;
}

const listed = (res: ApiResult): Listed => (res.ok && typeof res.body === 'object' && res.body !== null ? (res.body as Listed) : {});

export class TradingFlows {
  constructor(private readonly api: DemoDmarketClient) {}

  /** Market scan: items (two pages), aggregated prices, buy orders and last sales of one title. */
  async scanMarket(gameId: string): Promise<{ ok: boolean; items: number }> {
    const first = await this.api.call(
      'GET',
      `/exchange/v1/market/items?${q({ gameId, limit: 20, orderBy: 'price', orderDir: 'asc', currency: 'USD' })}`,
    );
    let items = listed(first).objects?.length ?? 0;
    const cursor = listed(first).cursor;
    if (cursor)
      items +=
        listed(await this.api.call('GET', `/exchange/v1/market/items?${q({ gameId, limit: 20, currency: 'USD', cursor })}`)).objects
          ?.length ?? 0;
    const title = pick(DEMO_TITLES);
    await this.api.call('POST', '/marketplace-api/v1/aggregated-prices', {
      filter: { game: gameId, titles: DEMO_TITLES.slice(0, 4) },
      limit: '100',
    });
    await this.api.call('GET', `/marketplace-api/v1/targets-by-title/${gameId}/${encodeURIComponent(title)}`);
    await this.api.call('GET', `/trade-aggregator/v1/last-sales?${q({ gameId, title, limit: 10 })}`);
    return { ok: first.ok, items };
  }

  /** Buy orders: create a target, list the active ones, delete one, read the closed ones. */
  async manageTargets(gameId: string): Promise<{ created: boolean }> {
    const title = pick(DEMO_TITLES);
    const created = await this.api.call('POST', '/marketplace-api/v1/user-targets/create', {
      GameID: gameId,
      Targets: [{ Amount: '1', Price: { Amount: 120, Currency: 'USD' }, Title: title, Attrs: {} }],
    });
    const active = listed(
      await this.api.call(
        'GET',
        `/marketplace-api/v1/user-targets?${q({ GameID: gameId, 'BasicFilters.Status': 'TargetStatusActive', Limit: 20 })}`,
      ),
    );
    const stale = active.Items?.[0]?.TargetID;
    if (stale) await this.api.call('POST', '/marketplace-api/v1/user-targets/delete', { Targets: [{ TargetID: stale }] });
    await this.api.call('GET', `/marketplace-api/v1/user-targets/closed?${q({ Limit: 20, OrderDir: 'desc' })}`);
    return { created: created.ok };
  }

  /** Instant buy: the cheapest offers of a title, then buy one. */
  async buyOffers(): Promise<{ bought: boolean }> {
    const offers = listed(await this.api.call('GET', `/exchange/v1/offers-by-title?${q({ Title: pick(DEMO_TITLES), Limit: 10 })}`));
    const offerId = offers.objects?.[0]?.itemId;
    if (!offerId) return { bought: false };
    const res = await this.api.call('PATCH', '/exchange/v1/offers-buy', { offers: [{ offerId, price: price(1250), type: 'dmarket' }] });
    return { bought: res.ok };
  }

  /** Selling: list, create, reprice, read closed offers, withdraw one from sale. */
  async manageOffers(gameId: string): Promise<{ sold: boolean }> {
    const mine = listed(
      await this.api.call('GET', `/marketplace-api/v1/user-offers?${q({ GameID: gameId, Status: 'OfferStatusActive', Limit: 20 })}`),
    );
    const assetId = randomUUID();
    await this.api.call('POST', '/marketplace-api/v1/user-offers/create', {
      Offers: [{ AssetID: assetId, Price: { Amount: 1399, Currency: 'USD' } }],
    });
    const offer = mine.Items?.[0];
    if (offer?.OfferID) {
      await this.api.call('POST', '/marketplace-api/v1/user-offers/edit', {
        Offers: [{ OfferID: offer.OfferID, AssetID: offer.AssetID, Price: { Amount: 1349, Currency: 'USD' } }],
      });
      await this.api.call('DELETE', '/exchange/v1/offers', {
        force: true,
        objects: [{ itemId: offer.AssetID, offerId: offer.OfferID, price: price(1349) }],
      });
    }
    const closed = await this.api.call('GET', `/marketplace-api/v1/user-offers/closed?${q({ Limit: 20, OrderDir: 'desc' })}`);
    return { sold: closed.ok && Math.random() < 0.5 };
  }

  /** Inventory: sync with Steam, then read both inventory views. */
  async syncInventory(gameId: string): Promise<void> {
    await this.api.call('POST', '/marketplace-api/v1/user-inventory/sync', { Type: 'Inventory', GameID: gameId });
    await this.api.call('GET', `/marketplace-api/v1/user-inventory?${q({ GameID: gameId, 'BasicFilters.InMarket': 'false', Limit: 20 })}`);
    await this.api.call('GET', `/exchange/v1/user/items?${q({ GameID: gameId, currency: 'USD', limit: 20 })}`);
  }

  /** Fees, a deposit and its status, and the deprecated price route old bots still call (410). */
  async feesAndDeposits(gameId: string): Promise<void> {
    await this.api.call('GET', `/exchange/v1/customized-fees?${q({ gameId, offerType: 'dmarket', limit: 100 })}`);
    const deposit = await this.api.call('POST', '/marketplace-api/v1/deposit-assets', { AssetID: [randomUUID()] });
    const depositId = (deposit.body as { DepositID?: string } | undefined)?.DepositID;
    if (depositId) await this.api.call('GET', `/marketplace-api/v1/deposit-status/${depositId}`);
    await this.api.call('GET', `/price-aggregator/v1/aggregated-prices?${q({ Titles: pick(DEMO_TITLES), Limit: 100 })}`);
  }

  /** Account calls go through `node:http`, as axios and got do. */
  async account(): Promise<number | undefined> {
    const res = await this.api.callWithHttp('GET', '/account/v1/balance');
    if (Math.random() < 0.2) await this.api.callWithHttp('GET', '/account/v1/user');
    const usd = Number((res.body as { usd?: string } | undefined)?.usd);
    return res.ok && Number.isFinite(usd) ? usd / 100 : undefined;
  }
}

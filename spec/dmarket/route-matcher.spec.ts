import { expect } from 'chai';
import { pathOf } from '../../lib/dmarket/path.js';
import { RouteMatcher } from '../../lib/dmarket/route-matcher.js';

describe('route matcher precedence', () => {
  const m = new RouteMatcher();
  m.add('/api/v1/items/{itemId}', ['GET']);
  m.add('/api/v1/items/details', ['POST']);
  m.add('/api/v1/{section}/summary', ['GET']);
  m.add('/api/v1/items/{itemId}/history', ['GET']);
  m.add('/api/v1/items/special/{x}', ['GET']);

  it('lets the method choose where one path means different routes per method', () => {
    expect(m.match('/api/v1/items/details', 'POST')).to.equal('/api/v1/items/details');
    expect(m.match('/api/v1/items/details', 'GET')).to.equal('/api/v1/items/{itemId}');
    // No route for this method: the literal route still wins over a parameter.
    expect(m.match('/api/v1/items/details', 'DELETE')).to.equal('/api/v1/items/details');
  });

  it('prefers literals segment by segment and backtracks when a literal branch dead-ends', () => {
    expect(m.match('/api/v1/items/summary', 'GET')).to.equal('/api/v1/items/{itemId}');
    expect(m.match('/api/v1/orders/summary', 'GET')).to.equal('/api/v1/{section}/summary');
    expect(m.match('/api/v1/items/special', 'GET')).to.equal('/api/v1/items/{itemId}');
    expect(m.match('/api/v1/items/special/7', 'GET')).to.equal('/api/v1/items/special/{x}');
    expect(m.match('/api/v1/items/details/history', 'GET')).to.equal('/api/v1/items/{itemId}/history');
    expect(m.match('/api/v1/items/', 'GET')).to.equal(undefined);
  });

  it('reads only the path of a URL: a :// inside the query is no URL', () => {
    expect(pathOf('/v1/hooks?callback=https://x/SECRET')).to.equal('/v1/hooks');
    expect(pathOf('/exchange/v1/market/items?next=https://x/exchange/v1/ping')).to.equal('/exchange/v1/market/items');
    expect(pathOf('https://api.dmarket.com?x=https://y/z')).to.equal('/');
    expect(pathOf('https://api.dmarket.com/account/v1/balance#frag')).to.equal('/account/v1/balance');
  });
});

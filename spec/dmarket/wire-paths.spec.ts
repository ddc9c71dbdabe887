import { expect } from 'chai';
import { request, type Agent } from 'node:http';
import type { TelemetryHandle } from '../../lib/index.js';
import { DMARKET_ROUTES } from '../../lib/dmarket/routes.js';
import { startApiServer, type ApiServer } from '../support/api-server.js';
import { inParallel, keepAliveAgent } from '../support/clients.js';
import { samplesOf } from '../support/exposition.js';
import { scrape, startTestTelemetry } from '../support/telemetry.js';
import { forbiddenFragments, knownRouteCases, unknownRouteCases, type WireCase } from './wire-table.js';

/** One request with the path exactly as given (no URL parsing on our side). */
function httpCall(api: ApiServer, agent: Agent, c: WireCase): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: api.port, path: c.path, method: c.method, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function fetchCall(api: ApiServer, c: WireCase): Promise<number> {
  const res = await fetch(api.url + c.path, { method: c.method });
  await res.arrayBuffer();
  return res.status;
}

describe('endpoint labels of realistic DMarket wire paths (real fetch and http requests)', function () {
  this.timeout(120_000);
  let api: ApiServer;
  let handle: TelemetryHandle;

  before(async () => {
    api = await startApiServer();
    handle = await startTestTelemetry({ autoInstrument: true, dmarketHosts: [api.url] });
  });

  after(async () => {
    await handle.shutdown();
    await api.close();
  });

  it('labels every route × encoding × id, and every unknown route, as the table says; no id, title or query value is exported', async () => {
    const cases = [...knownRouteCases(), ...unknownRouteCases()];
    const expected = new Map<string, number>();
    const sent: Array<{ c: WireCase; via: 'fetch' | 'http' }> = [];
    for (const c of cases) {
      for (const via of ['fetch', 'http'] as const) {
        if (via === 'http' && c.fetchOnly) continue;
        sent.push({ c, via });
        const key = `${c.method} ${c.endpoint}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    const agent = keepAliveAgent();
    await inParallel(sent, 8, async ({ c, via }) => {
      const status = via === 'fetch' ? await fetchCall(api, c) : await httpCall(api, agent, c);
      expect(status, `${via} ${c.method} ${c.path}`).to.equal(200);
    });
    agent.destroy();

    const p = await scrape(handle);
    const got = new Map<string, number>();
    for (const s of samplesOf(p, 'dmarket_bot_api_requests_total')) got.set(`${s.labels['method']} ${s.labels['endpoint']}`, s.value);
    expect(Object.fromEntries(got)).to.deep.equal(Object.fromEntries(expected));
    expect(sent.length).to.be.greaterThan(700);

    const labels = p.samples.map((s) => s.labels['endpoint']).filter((e): e is string => e !== undefined);
    for (const fragment of forbiddenFragments()) {
      expect(
        labels.filter((l) => l.includes(fragment)),
        `labels containing ${fragment}`,
      ).to.deep.equal([]);
    }
    // Every route of the table was exported under its own template.
    for (const route of DMARKET_ROUTES) expect(labels, route.template).to.include(route.template);
  });
});

import { expect } from 'chai';
import { CATALOG } from '../lib/index.js';
import { startDemo } from './support/demo-process.js';
import { parseExposition, samplesOf, type ParsedExposition } from './support/exposition.js';
import { promtoolCheckMetrics } from './support/promtool.js';

/** What the demo's DMarket traffic shows so far: distinct endpoints and status classes. */
function apiTraffic(parsed: ParsedExposition): { endpoints: Set<string>; statuses: Set<string> } {
  const calls = samplesOf(parsed, 'dmarket_bot_api_requests_total').filter((s) => s.value > 0);
  return {
    endpoints: new Set(calls.map((s) => s.labels['endpoint'] ?? '')),
    statuses: new Set(calls.map((s) => s.labels['status'] ?? '')),
  };
}

const hasServerError = (statuses: Set<string>): boolean => [...statuses].some((s) => /^5\d\d$/.test(s));
const trafficReady = (t: ReturnType<typeof apiTraffic>): boolean =>
  t.endpoints.size >= 15 && t.statuses.has('200') && t.statuses.has('429') && hasServerError(t.statuses);

/** Runs the demo in a scenario until it made `calls` DMarket calls; returns their statuses. */
async function statusesIn(args: readonly string[], calls: number): Promise<Map<string, number>> {
  const demo = await startDemo(args);
  try {
    const deadline = Date.now() + 30_000;
    let statuses = new Map<string, number>();
    do {
      await new Promise((r) => setTimeout(r, 500));
      const samples = samplesOf(parseExposition(await (await fetch(`${demo.url}/metrics`)).text()), 'dmarket_bot_api_requests_total');
      statuses = new Map();
      for (const s of samples) statuses.set(s.labels['status'] ?? '', (statuses.get(s.labels['status'] ?? '') ?? 0) + s.value);
    } while ([...statuses.values()].reduce((a, b) => a + b, 0) < calls && Date.now() < deadline);
    return statuses;
  } finally {
    demo.child.kill('SIGINT');
    await demo.exited();
  }
}

/** Bot metrics (not self-metrics) that have no non-zero sample yet. */
function missing(parsed: ParsedExposition): string[] {
  return CATALOG.filter((spec) => !('self' in spec))
    .filter((spec) => {
      const sampleName = spec.kind === 'histogram' ? `${spec.name}_count` : spec.name;
      return !samplesOf(parsed, sampleName).some((s) => s.value > 0);
    })
    .map((spec) => spec.name);
}

describe('demo bot (npm start)', function () {
  this.timeout(60_000);

  it('produces non-zero values for every catalog metric and stops cleanly on SIGINT', async () => {
    const demo = await startDemo();
    let text: string;
    let gaps: string[];
    try {
      const deadline = Date.now() + 30_000;
      let traffic = apiTraffic(parseExposition(''));
      do {
        await new Promise((r) => setTimeout(r, 500));
        text = await (await fetch(`${demo.url}/metrics`)).text();
        gaps = missing(parseExposition(text));
        traffic = apiTraffic(parseExposition(text));
      } while ((gaps.length > 0 || !trafficReady(traffic)) && Date.now() < deadline);
      expect(gaps, 'metrics still zero or absent').to.deep.equal([]);
      // Trades like a real bot: ≥ 15 route templates within 30 s, with successes, 429s and 5xx.
      expect(traffic.endpoints.size, [...traffic.endpoints].join(' ')).to.be.at.least(15);
      expect(
        [...traffic.endpoints].filter((e) => !e.startsWith('/') || e.includes('{id}')),
        'untemplated endpoints',
      ).to.deep.equal([]);
      expect(traffic.statuses).to.include('200').and.to.include('429');
      expect(hasServerError(traffic.statuses), [...traffic.statuses].join(' ')).to.equal(true);
      const health = await fetch(`${demo.url}/health`);
      expect(health.status).to.equal(200);
      expect(((await health.json()) as { checks: Record<string, unknown> }).checks).to.have.property('dmarket_api');
      expect((await promtoolCheckMetrics(text)).code).to.equal(0);
      // The demo signs its requests; neither the key nor the signature may reach the exposition.
      expect(text).to.not.match(/demo-public-key|ed25519|abababab/);
    } finally {
      demo.child.kill('SIGINT');
    }
    expect(await demo.exited()).to.equal(0);
    expect(demo.output()).to.contain('stopped');
  });

  it('--scenario revoked-key: every signed DMarket call answers 401', async () => {
    const statuses = await statusesIn(['--scenario', 'revoked-key'], 20);
    expect([...statuses.keys()]).to.deep.equal(['401']);
    expect(statuses.get('401')).to.be.at.least(20);
  });

  it('DEMO_SCENARIO=revoked-key does the same from the environment', async () => {
    process.env['DEMO_SCENARIO'] = 'revoked-key';
    try {
      const statuses = await statusesIn([], 10);
      expect([...statuses.keys()]).to.deep.equal(['401']);
    } finally {
      delete process.env['DEMO_SCENARIO'];
    }
  });

  it('exits by itself after --duration seconds', async () => {
    const demo = await startDemo(['--duration', '2']);
    expect(await demo.exited(20_000)).to.equal(0);
    expect(demo.output()).to.contain('stopping (duration elapsed)');
  });
});

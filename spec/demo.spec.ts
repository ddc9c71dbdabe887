import { expect } from 'chai';
import { CATALOG } from '../lib/index.js';
import { startDemo } from './support/demo-process.js';
import { parseExposition, samplesOf, type ParsedExposition } from './support/exposition.js';
import { promtoolCheckMetrics } from './support/promtool.js';

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
    let text = '';
    let gaps: string[] = [];
    try {
      const deadline = Date.now() + 30_000;
      do {
        await new Promise((r) => setTimeout(r, 500));
        text = await (await fetch(`${demo.url}/metrics`)).text();
        gaps = missing(parseExposition(text));
      } while (gaps.length > 0 && Date.now() < deadline);
      expect(gaps, 'metrics still zero or absent').to.deep.equal([]);
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

  it('exits by itself after --duration seconds', async () => {
    const demo = await startDemo(['--duration', '2']);
    expect(await demo.exited(20_000)).to.equal(0);
    expect(demo.output()).to.contain('stopping (duration elapsed)');
  });
});

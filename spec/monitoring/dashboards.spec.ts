import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CATALOG, RUNTIME_METRICS } from '../../lib/index.js';
import { renderDashboards } from '../../monitoring/grafana/generator/generate.js';
import { committedDashboards, DASHBOARD_DIR, panelQueries } from '../support/dashboards.js';
import { ROOT } from '../support/monitoring-files.js';

describe('Grafana dashboards (generated from TypeScript)', () => {
  it('the committed JSON is exactly what the generator produces (run npm run dashboards)', () => {
    for (const [file, json] of renderDashboards()) expect(readFileSync(DASHBOARD_DIR + file, 'utf8'), file).to.equal(json);
  });

  it('has the three dashboards with fixed uids and job/instance variables', () => {
    const dashboards = committedDashboards();
    expect(dashboards.map((d) => d.uid).sort()).to.deep.equal(['dmarket-bot-api', 'dmarket-bot-arbitrage', 'dmarket-bot-overview']);
    for (const d of dashboards) expect(d.templating.list.map((v) => v.name), d.uid).to.include.members(['job', 'instance']);
  });

  it('every panel query filters by job and instance and aggregates with sum/min/topk/quantile', () => {
    for (const q of panelQueries()) {
      expect(q.expr, `${q.dashboard} / ${q.panel}`).to.contain('job=~"$job",instance=~"$instance"');
      expect(q.expr, `${q.dashboard} / ${q.panel}`).to.match(/^(sum|min|topk|histogram_quantile)\b/);
    }
  });

  it('uses increase(...[1h]) for per-hour panels, never rate(...[1h])', () => {
    for (const q of panelQueries().filter((q) => /per hour/i.test(q.panel))) {
      expect(q.expr, q.panel).to.contain('[1h]').and.match(/increase\(/);
      expect(q.expr, q.panel).to.not.match(/rate\([^)]*\[1h\]/);
    }
  });

  it('queries only catalog and runtime metrics, recording rules and up', () => {
    const catalog = new Set([...CATALOG, ...RUNTIME_METRICS].flatMap((s) => (s.kind === 'histogram' ? ['_bucket', '_sum', '_count'].map((x) => s.name + x) : [s.name])));
    const rules = readFileSync(`${ROOT}monitoring/prometheus/rules/recording.yml`, 'utf8');
    for (const q of panelQueries()) {
      for (const name of q.expr.match(/\b[a-z_:]+[a-z0-9_:]*(?=\{)/g) ?? []) {
        const known = catalog.has(name) || name === 'up' || rules.includes(`record: ${name}`);
        expect(known, `${q.panel}: ${name}`).to.equal(true);
      }
    }
  });

  it('provisions the datasource with the uid the panels use, and a provider for the dashboards folder', () => {
    const ds = parse(readFileSync(`${ROOT}monitoring/grafana/provisioning/datasources/prometheus.yml`, 'utf8')) as { datasources: Array<{ uid: string; type: string }> };
    expect(ds.datasources[0]).to.include({ uid: 'prometheus', type: 'prometheus' });
    for (const q of committedDashboards().flatMap((d) => d.panels)) {
      if (q.targets) expect((q as unknown as { datasource: { uid: string } }).datasource.uid).to.equal('prometheus');
    }
    const provider = parse(readFileSync(`${ROOT}monitoring/grafana/provisioning/dashboards/dmarket-bot.yml`, 'utf8')) as { providers: Array<{ type: string; options: { path: string } }> };
    expect(provider.providers[0]?.type).to.equal('file');
    expect(provider.providers[0]?.options.path).to.be.a('string');
  });
});

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CATALOG, RUNTIME_METRICS } from '../../lib/index.js';
import { renderDashboards } from '../../monitoring/grafana/generator/generate.js';
import { stableId } from '../../monitoring/grafana/generator/panels.js';
import { committedDashboards, DASHBOARD_DIR, panelQueries } from '../support/dashboards.js';
import { allRules, ROOT } from '../support/monitoring-files.js';

interface Panel {
  id?: number;
  type: string;
  title: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  options?: { legend?: { showLegend?: boolean } };
  fieldConfig?: { defaults?: { unit?: string; min?: number; max?: number } };
  targets?: Array<{ expr?: string; instant?: boolean; format?: string; legendFormat?: string }>;
}
interface Variable {
  name: string;
  allValue?: string;
  includeAll?: boolean;
  query?: { query?: string };
}
const dashboards = () => committedDashboards() as unknown as Array<{ uid: string; panels: Panel[]; templating: { list: Variable[] } }>;
const panel = (title: string): Panel => {
  const found = dashboards()
    .flatMap((d) => d.panels)
    .find((p) => p.title === title);
  if (!found) throw new Error(`no panel ${title}`);
  return found;
};

describe('Grafana dashboards (generated from TypeScript)', () => {
  it('the committed JSON is exactly what the generator produces (run npm run dashboards)', () => {
    for (const [file, json] of renderDashboards()) expect(readFileSync(DASHBOARD_DIR + file, 'utf8'), file).to.equal(json);
  });

  it('has the three dashboards with fixed uids and job/instance variables', () => {
    const dashboards = committedDashboards();
    expect(dashboards.map((d) => d.uid).sort()).to.deep.equal(['dmarket-bot-api', 'dmarket-bot-arbitrage', 'dmarket-bot-overview']);
    for (const d of dashboards)
      expect(
        d.templating.list.map((v) => v.name),
        d.uid,
      ).to.include.members(['job', 'instance']);
  });

  it('every panel query filters by job and instance and aggregates with sum/min/topk/quantile', () => {
    for (const q of panelQueries()) {
      expect(q.expr, `${q.dashboard} / ${q.panel}`).to.contain('job=~"$job",instance=~"$instance"');
      expect(q.expr, `${q.dashboard} / ${q.panel}`).to.match(/^(sum|min|max|count|topk|histogram_quantile)\b/);
    }
  });

  it('uses increase(...[1h]) for per-hour panels, never rate(...[1h])', () => {
    for (const q of panelQueries().filter((q) => /per hour/i.test(q.panel))) {
      expect(q.expr, q.panel)
        .to.contain('[1h]')
        .and.match(/increase\(/);
      expect(q.expr, q.panel).to.not.match(/rate\([^)]*\[1h\]/);
    }
  });

  it('queries only catalog and runtime metrics, recording rules, up, target_info and ALERTS', () => {
    const catalog = new Set(
      [...CATALOG, ...RUNTIME_METRICS].flatMap((s) =>
        s.kind === 'histogram' ? ['_bucket', '_sum', '_count'].map((x) => s.name + x) : [s.name],
      ),
    );
    const records = new Set(allRules().flatMap((r) => (r.record ? [r.record] : [])));
    for (const q of panelQueries()) {
      for (const name of q.expr.match(/\b[A-Za-z_:]+[A-Za-z0-9_:]*(?=\{)/g) ?? []) {
        const known = catalog.has(name) || ['up', 'target_info', 'ALERTS'].includes(name) || records.has(name);
        expect(known, `${q.panel}: ${name}`).to.equal(true);
      }
    }
  });

  it('provisions the datasource with the uid the panels use, and a provider for the dashboards folder', () => {
    const ds = parse(readFileSync(`${ROOT}monitoring/grafana/provisioning/datasources/prometheus.yml`, 'utf8')) as {
      datasources: Array<{ uid: string; type: string }>;
    };
    expect(ds.datasources[0]).to.include({ uid: 'prometheus', type: 'prometheus' });
    for (const q of committedDashboards().flatMap((d) => d.panels)) {
      if (q.targets) expect((q as unknown as { datasource: { uid: string } }).datasource.uid).to.equal('prometheus');
    }
    const provider = parse(readFileSync(`${ROOT}monitoring/grafana/provisioning/dashboards/dmarket-bot.yml`, 'utf8')) as {
      providers: Array<{ type: string; options: { path: string } }>;
    };
    expect(provider.providers[0]?.type).to.equal('file');
    expect(provider.providers[0]?.options.path).to.be.a('string');
  });

  it('the job variable lists bot jobs only: its "All" is those jobs, never .* (Prometheus and Alertmanager stay out)', () => {
    for (const d of dashboards()) {
      const job = d.templating.list.find((v) => v.name === 'job');
      expect(job?.query?.query, d.uid).to.equal('label_values(target_info, job)');
      expect(job?.includeAll, d.uid).to.equal(true);
      expect(job?.allValue, d.uid).to.equal(undefined);
      expect(d.templating.list.find((v) => v.name === 'instance')?.query?.query, d.uid).to.contain('target_info{job=~"$job"}');
    }
  });

  it('lays panels out on the 24-column grid without overlaps, each with a stable id', () => {
    for (const d of dashboards()) {
      const boxes = d.panels.map((p) => ({ title: p.title, ...(p.gridPos as NonNullable<Panel['gridPos']>) }));
      for (const b of boxes) expect(b.x + b.w, `${d.uid} / ${b.title}`).to.be.at.most(24);
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
          expect(overlap, `${d.uid}: ${a.title} overlaps ${b.title}`).to.equal(false);
        }
      }
      const ids = d.panels.map((p) => p.id);
      expect(new Set(ids).size, d.uid).to.equal(ids.length);
    }
    // Ids come from titles: regenerating or adding a panel elsewhere never renumbers this one.
    for (const p of dashboards().flatMap((d) => d.panels))
      expect(p.id, p.title).to.equal(stableId(p.type === 'row' ? `row ${p.title}` : p.title));
  });

  it('shows a legend wherever a time series or pie panel can have more than one series', () => {
    for (const p of dashboards()
      .flatMap((d) => d.panels)
      .filter((p) => ['timeseries', 'piechart'].includes(p.type))) {
      const many = (p.targets ?? []).length > 1 || (p.targets ?? []).some((t) => t.legendFormat?.includes('{{'));
      if (many) expect(p.options?.legend?.showLegend, p.title).to.equal(true);
    }
  });

  it('formats table panels as instant tables', () => {
    const tables = dashboards()
      .flatMap((d) => d.panels)
      .filter((p) => p.type === 'table');
    expect(tables.map((t) => t.title)).to.include.members(['Top 10 commands', 'Firing alerts']);
    for (const t of tables) for (const q of t.targets ?? []) expect(q, t.title).to.include({ format: 'table', instant: true });
  });

  it('shows the balance per account (max over replicas, never summed) and the rate limit relative to its size', () => {
    for (const title of ['Balance', 'Balance over time'])
      expect(panel(title).targets?.[0]?.expr).to.match(/^max by \(job\) \(dmarket_bot_balance_usd\{/);
    const headroom = panel('Rate-limit headroom');
    expect(headroom.targets?.[0]?.expr)
      .to.contain('dmarket_bot_api_rate_limit_remaining{')
      .and.contain(' / dmarket_bot_api_rate_limit_limit{');
    expect(headroom.fieldConfig?.defaults).to.include({ unit: 'percentunit', min: 0, max: 1 });
    expect(panel('Bot instances up').targets?.[0]?.expr).to.match(/^count\(target_info\{.*\}\) or vector\(0\)$/);
  });

  it('has the trader panels: trades and volume, balance over time, rate-limit headroom, auth failures, firing alerts', () => {
    const titles = dashboards().flatMap((d) => d.panels.map((p) => p.title));
    expect(titles).to.include.members([
      'Trades per hour',
      'Trade volume per hour',
      'Balance over time',
      'Rate-limit headroom',
      'Auth failures (401/403)',
      'Firing alerts',
    ]);
  });
});

import { expect } from 'chai';
import { defaultDashboard } from '@grafana/schema';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { committedDashboards, DASHBOARD_DIR } from '../support/dashboards.js';
import { ROOT } from '../support/monitoring-files.js';
import { run } from '../support/promtool.js';

/**
 * The Grafana dashboard schema of the pinned Grafana, as Grafana publishes it: @grafana/schema
 * (the TypeScript generated from the same CUE kinds as Grafana's JSON schema) at the exact
 * version of the compose image. The committed JSON is type-checked as object literals, so a
 * missing required field, a wrong type or an unknown property fails, for the dashboard and for
 * each panel's plugin options and field config.
 */
const SCHEMA_VERSION = (JSON.parse(readFileSync(`${ROOT}node_modules/@grafana/schema/package.json`, 'utf8')) as { version: string })
  .version;
const PANELCFG: Record<string, string> = {
  timeseries: 'timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen',
  stat: 'stat/panelcfg/x/StatPanelCfg_types.gen',
  gauge: 'gauge/panelcfg/x/GaugePanelCfg_types.gen',
  table: 'table/panelcfg/x/TablePanelCfg_types.gen',
  piechart: 'piechart/panelcfg/x/PieChartPanelCfg_types.gen',
};
/** Panel kinds whose plugin config declares a FieldConfig (the `custom` field options). */
const WITH_FIELD_CONFIG = new Set(['timeseries', 'table', 'piechart']);

interface PanelJson {
  type: string;
  title: string;
  options?: unknown;
  fieldConfig?: { defaults?: { custom?: unknown } };
}

/** One TypeScript file typing every dashboard and every panel's options against the schema. */
function checkSource(dashboards: Array<{ name: string; json: { panels: PanelJson[] } }>): string {
  const lines = [
    "import type { Dashboard } from '@grafana/schema';",
    // JSON carries an enum's string value: compare against the enum's literal values.
    'type Json<T> = T extends string ? `${T}` : T extends ReadonlyArray<infer U> ? Array<Json<U>> : T extends object ? { [K in keyof T]: Json<T[K]> } : T;',
  ];
  for (const [kind, path] of Object.entries(PANELCFG)) {
    const fc = WITH_FIELD_CONFIG.has(kind) ? `, FieldConfig as ${kind}FieldConfig` : '';
    lines.push(`import type { Options as ${kind}Options${fc} } from '@grafana/schema/dist/types/raw/composable/${path}.js';`);
  }
  dashboards.forEach(({ name, json }, d) => {
    lines.push(`// ${name}`, `export const dashboard${d}: Json<Dashboard> = ${JSON.stringify(json)};`);
    json.panels.forEach((p, i) => {
      if (p.type === 'row') return;
      if (!PANELCFG[p.type]) throw new Error(`${name} / ${p.title}: no schema mapped for panel type ${p.type}`);
      lines.push(`export const options${d}_${i}: Json<${p.type}Options> = ${JSON.stringify(p.options ?? {})};`);
      const custom = p.fieldConfig?.defaults?.custom;
      if (custom !== undefined && WITH_FIELD_CONFIG.has(p.type))
        lines.push(`export const custom${d}_${i}: Json<${p.type}FieldConfig> = ${JSON.stringify(custom)};`);
    });
  });
  return lines.join('\n') + '\n';
}

async function typecheck(dir: string, source: string): Promise<{ code: number | null; out: string }> {
  writeFileSync(join(dir, 'check.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        skipLibCheck: true,
        types: [],
      },
      files: ['check.ts'],
    }),
  );
  const result = await run(`${ROOT}node_modules/.bin/tsc`, ['-p', join(dir, 'tsconfig.json')], undefined, 120_000);
  return { code: result.code, out: result.stdout + result.stderr };
}

describe(`Grafana dashboards against the dashboard schema of the pinned Grafana (@grafana/schema ${SCHEMA_VERSION})`, function () {
  this.timeout(150_000);
  let dir: string;
  const dashboards = () => committedDashboards().map((json) => ({ name: json.uid, json: json as unknown as { panels: PanelJson[] } }));

  before(() => {
    // Under node_modules so the check resolves @grafana/schema like the project does.
    mkdirSync(`${ROOT}node_modules/.cache`, { recursive: true });
    dir = mkdtempSync(`${ROOT}node_modules/.cache/dmbt-dashboard-schema-`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('compose pins the Grafana the schema package describes, and the dashboards carry its schemaVersion', () => {
    const compose = parse(readFileSync(`${ROOT}docker-compose.yml`, 'utf8')) as { services: Record<string, { image?: string }> };
    expect(compose.services['grafana']?.image).to.equal(`grafana/grafana:${SCHEMA_VERSION}`);
    for (const d of committedDashboards() as unknown as Array<{ uid: string; schemaVersion: number }>) {
      expect(d.schemaVersion, d.uid).to.equal(defaultDashboard.schemaVersion);
    }
  });

  it('every committed dashboard and panel type-checks against the schema', async () => {
    const { code, out } = await typecheck(dir, checkSource(dashboards()));
    expect(code, out).to.equal(0);
  });

  it('the same check rejects a dashboard with a wrong field type and a panel option that does not exist', async () => {
    const broken = dashboards();
    const first = broken[0]!.json as unknown as Record<string, unknown> & { panels: Array<PanelJson & Record<string, unknown>> };
    first['refreshEvery'] = '30s';
    const ts = first.panels.find((p) => p.type === 'timeseries')!;
    ts.options = { ...(ts.options as object), legend: { showLegend: true, displayMode: 'sidebar', placement: 'bottom', calcs: [] } };
    const { code, out } = await typecheck(dir, checkSource(broken));
    expect(code).to.not.equal(0);
    expect(out)
      .to.match(/'"?refreshEvery"?' does not exist/)
      .and.match(/"sidebar"/);
  });

  it(`the generator writes ${DASHBOARD_DIR.split('/').slice(-4).join('/')} with unique panel ids`, () => {
    for (const d of committedDashboards()) {
      const ids = (d.panels as Array<{ id?: number }>).map((p) => p.id);
      expect(
        ids.every((id) => Number.isInteger(id)),
        d.uid,
      ).to.equal(true);
      expect(new Set(ids).size, d.uid).to.equal(ids.length);
    }
  });
});

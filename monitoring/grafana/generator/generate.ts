/**
 * `npm run dashboards`: writes the three dashboards as JSON for Grafana provisioning.
 * `--check` exits 1 when a committed file differs from what this code generates.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiPerformanceDashboard } from './api-performance.js';
import { arbitrageDashboard } from './arbitrage.js';
import { overviewDashboard } from './overview.js';

export const DASHBOARD_DIR = fileURLToPath(new URL('../dashboards/', import.meta.url));

type Built = ReturnType<ReturnType<typeof overviewDashboard>['build']>;

/**
 * The SDK (0.0.21, built from Grafana's main branch) writes a few fields the dashboard schema of
 * the pinned Grafana 12.2 (@grafana/schema 12.2.0) does not have, and omits two it requires; the
 * schema test (spec/monitoring/dashboard-schema.spec.ts) finds each of these.
 */
function forPinnedGrafana(dashboard: Built): Built {
  for (const variable of dashboard.templating?.list ?? []) {
    const loose = variable as unknown as Record<string, unknown>;
    // auto/auto_min/auto_count belong to interval variables; `definition` is the editor's copy of the query.
    if (variable.type !== 'interval') for (const key of ['auto', 'auto_min', 'auto_count', 'definition']) delete loose[key];
  }
  for (const panel of (dashboard.panels ?? []) as Array<{ type?: string; options?: Record<string, unknown> }>) {
    if (panel.type === 'table' && panel.options) delete panel.options['footer'];
    if (panel.type === 'piechart' && panel.options) panel.options['sort'] ??= 'desc';
  }
  return dashboard;
}

/** File name → dashboard JSON text, exactly as committed. */
export function renderDashboards(): Map<string, string> {
  const dashboards = {
    'overview.json': overviewDashboard(),
    'arbitrage.json': arbitrageDashboard(),
    'api-performance.json': apiPerformanceDashboard(),
  };
  return new Map(
    Object.entries(dashboards).map(([file, builder]) => [file, JSON.stringify(forPinnedGrafana(builder.build()), null, 2) + '\n']),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, json] of renderDashboards()) {
    const path = DASHBOARD_DIR + file;
    if (!check) writeFileSync(path, json);
    else if (readFileSync(path, 'utf8') !== json) stale++;
    console.log(`${check ? 'checked' : 'wrote'} ${path}`);
  }
  if (stale > 0) {
    console.error(`${stale} dashboard file(s) out of date: run npm run dashboards`);
    process.exit(1);
  }
}

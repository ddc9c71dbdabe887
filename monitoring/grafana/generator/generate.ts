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

/** File name → dashboard JSON text, exactly as committed. */
export function renderDashboards(): Map<string, string> {
  const dashboards = { 'overview.json': overviewDashboard(), 'arbitrage.json': arbitrageDashboard(), 'api-performance.json': apiPerformanceDashboard() };
  return new Map(Object.entries(dashboards).map(([file, builder]) => [file, JSON.stringify(builder.build(), null, 2) + '\n']));
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

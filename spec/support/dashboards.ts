import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_DIR = fileURLToPath(new URL('../../monitoring/grafana/dashboards/', import.meta.url));

export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
  readonly instant: boolean;
}

interface DashboardJson {
  uid: string;
  title: string;
  panels: Array<{ type: string; title: string; targets?: Array<{ expr?: string; instant?: boolean }> }>;
  templating: { list: Array<{ name: string }> };
}

export function committedDashboards(): DashboardJson[] {
  return readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(DASHBOARD_DIR + f, 'utf8')) as DashboardJson);
}

/** Every PromQL query of every panel of the committed dashboards. */
export function panelQueries(): PanelQuery[] {
  return committedDashboards().flatMap((d) =>
    d.panels.flatMap((p) =>
      (p.targets ?? []).map((t) => ({ dashboard: d.title, panel: p.title, expr: t.expr ?? '', instant: t.instant === true })),
    ),
  );
}

/** The query as Grafana would send it with "All" selected for the job and instance variables. */
export function resolveVariables(expr: string, job = 'dmarket-bot'): string {
  return expr.replaceAll('$job', job).replaceAll('$instance', '.*').replaceAll('$__range', '1h').replaceAll('$__rate_interval', '1m');
}

/** Panel builders shared by the three dashboards: one datasource, one query shape. */
import { DashboardBuilder, QueryVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';

/** The provisioned Prometheus datasource (monitoring/grafana/provisioning/datasources). */
export const DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

export interface QuerySpec {
  readonly expr: string;
  readonly legend?: string;
  /** Instant queries feed tables, stats and pie charts. */
  readonly instant?: boolean;
}

export function query(spec: QuerySpec, refId: string): DataqueryBuilder {
  const builder = new DataqueryBuilder().expr(spec.expr).refId(refId).datasource(DATASOURCE);
  if (spec.legend) builder.legendFormat(spec.legend);
  return spec.instant ? builder.instant() : builder.range();
}

export function refIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i));
}

/** A dashboard with fixed uid, the job/instance variables and a sane time range. */
export function dashboard(uid: string, title: string, tags: string[]): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .tags(['dmarket-bot', ...tags])
    .editable()
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .withVariable(labelVariable('job', 'Job', 'label_values(target_info, job)'))
    .withVariable(labelVariable('instance', 'Instance', 'label_values(target_info{job=~"$job"}, instance)'));
}

function labelVariable(name: string, label: string, definition: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query({ query: definition, refId: `${name}-variable` })
    .definition(definition)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
}

/** What every SDK panel builder offers; lets the dashboards share one helper for all kinds. */
interface PanelLike<P> {
  title(title: string): P;
  datasource(ds: { type: string; uid: string }): P;
  withTarget(target: DataqueryBuilder): P;
  unit(unit: string): P;
  span(width: number): P;
  height(height: number): P;
  description(text: string): P;
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly queries: readonly QuerySpec[];
  readonly unit?: string;
  readonly width?: number;
  readonly height?: number;
}

/** Fills a panel builder from a spec: title, datasource, unit, size and queries A, B, C… */
export function fill<P extends PanelLike<P>>(panel: P, spec: PanelSpec): P {
  let p = panel.title(spec.title).description(spec.description).datasource(DATASOURCE).span(spec.width ?? 8).height(spec.height ?? 8);
  if (spec.unit) p = p.unit(spec.unit);
  const ids = refIds(spec.queries.length);
  spec.queries.forEach((q, i) => (p = p.withTarget(query(q, ids[i] as string))));
  return p;
}

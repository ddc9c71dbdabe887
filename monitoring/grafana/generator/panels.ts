/** Panel builders shared by the three dashboards: one datasource, one query shape, stable ids. */
import {
  DashboardBuilder,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { LegendDisplayMode, LegendPlacement, TableCellDisplayMode, VizLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as Gauge } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as PieChart, PieChartLabels, PieChartLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/piechart';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as Stat } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as Table } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';

/** The provisioned Prometheus datasource (monitoring/grafana/provisioning/datasources). */
export const DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

export interface QuerySpec {
  readonly expr: string;
  readonly legend?: string;
  /** Instant queries feed tables, stats and pie charts. */
  readonly instant?: boolean;
}

export function query(spec: QuerySpec, refId: string, format?: PromQueryFormat): DataqueryBuilder {
  const builder = new DataqueryBuilder().expr(spec.expr).refId(refId).datasource(DATASOURCE);
  if (spec.legend) builder.legendFormat(spec.legend);
  if (format) builder.format(format);
  return spec.instant ? builder.instant() : builder.range();
}

export function refIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i));
}

/** A panel id derived from the title (FNV-1a), so adding a panel never renumbers the others. */
export function stableId(title: string): number {
  let hash = 0x811c9dc5;
  for (const ch of title) hash = Math.imul(hash ^ (ch.codePointAt(0) as number), 0x01000193) >>> 0;
  return (hash % 899_999) + 100_000;
}

export function row(title: string): RowBuilder {
  return new RowBuilder(title).id(stableId(`row ${title}`));
}

/** A dashboard with fixed uid, the job/instance variables and a sane time range. */
export function dashboard(uid: string, title: string, tags: string[]): DashboardBuilder {
  return (
    new DashboardBuilder(title)
      .uid(uid)
      .tags(['dmarket-bot', ...tags])
      .editable()
      .refresh('30s')
      .time({ from: 'now-6h', to: 'now' })
      .timezone('browser')
      // Only jobs that export target_info (the bots): "All" is the list of them, never ".*",
      // so Prometheus' and Alertmanager's own series stay out of every panel.
      .withVariable(labelVariable('job', 'Job', 'label_values(target_info, job)'))
      .withVariable(labelVariable('instance', 'Instance', 'label_values(target_info{job=~"$job"}, instance)').allValue('.*'))
  );
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
    .includeAll(true);
}

/** What every SDK panel builder offers; lets the dashboards share one helper for all kinds. */
interface PanelLike<P> {
  id(id: number): P;
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

/** Fills a panel builder from a spec: id, title, datasource, unit, size and queries A, B, C… */
export function fill<P extends PanelLike<P>>(panel: P, spec: PanelSpec, format?: PromQueryFormat): P {
  let p = panel
    .id(stableId(spec.title))
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .span(spec.width ?? 8)
    .height(spec.height ?? 8);
  if (spec.unit) p = p.unit(spec.unit);
  const ids = refIds(spec.queries.length);
  spec.queries.forEach((q, i) => (p = p.withTarget(query(q, ids[i] as string, format))));
  return p;
}

/** More than one series when there are several queries or a legend naming a label. */
function manySeries(spec: PanelSpec): boolean {
  return spec.queries.length > 1 || spec.queries.some((q) => q.legend?.includes('{{'));
}

export function timeseries(spec: PanelSpec): TimeSeries {
  const legend = new VizLegendOptionsBuilder()
    .showLegend(manySeries(spec))
    .displayMode(LegendDisplayMode.List)
    .placement(LegendPlacement.Bottom)
    .calcs([]);
  return fill(new TimeSeries(), spec).legend(legend);
}

export function pie(spec: PanelSpec): PieChart {
  const legend = new PieChartLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(LegendDisplayMode.Table)
    .placement(LegendPlacement.Right)
    .values([])
    .calcs([]);
  return fill(new PieChart(), spec).legend(legend).displayLabels([PieChartLabels.Percent]);
}

export function stat(spec: PanelSpec): Stat {
  return fill(new Stat(), spec);
}

export function table(spec: PanelSpec): Table {
  return fill(new Table(), spec, PromQueryFormat.Table).cellOptions({ type: TableCellDisplayMode.Auto });
}

/** A gauge from 0 to 1 (a share), red below `red`, yellow below `yellow`. */
export function shareGauge(spec: PanelSpec, red: number, yellow: number): Gauge {
  const steps = [
    { value: null, color: 'red' },
    { value: red, color: 'yellow' },
    { value: yellow, color: 'green' },
  ];
  return fill(new Gauge(), { ...spec, unit: 'percentunit' })
    .min(0)
    .max(1)
    .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps));
}

export function gauge(spec: PanelSpec): Gauge {
  return fill(new Gauge(), spec);
}

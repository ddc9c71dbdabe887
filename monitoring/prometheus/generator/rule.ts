/** The shapes of a Prometheus rules file, and the one way this project builds an alert. */
import { PARAMS } from './params.js';

export type Severity = 'critical' | 'warning' | 'info' | 'none';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: Severity };
  readonly annotations: {
    readonly summary: string;
    readonly description: string;
    readonly runbook_url: string;
    readonly dashboard_url?: string;
  };
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: ReadonlyArray<RecordingRule | AlertRule>;
}

/** One generated file: monitoring/prometheus/rules/<file>. */
export interface RuleFile {
  readonly file: string;
  /** Why the file exists, written as its header comment. */
  readonly about: string;
  readonly groups: readonly RuleGroup[];
}

/** The dashboards an alert links to (uids of monitoring/grafana/generator). */
export type DashboardUid = 'dmarket-bot-overview' | 'dmarket-bot-api' | 'dmarket-bot-arbitrage';

export interface AlertSpec {
  readonly name: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly description: string;
  readonly dashboard?: DashboardUid;
}

/** The runbook section of an alert, exactly as messages link it. */
export function runbookUrl(alert: string): string {
  return `${PARAMS.runbookBaseUrl}#${alert.toLowerCase()}`;
}

export function alert(spec: AlertSpec): AlertRule {
  const dashboard = spec.dashboard ? { dashboard_url: `${PARAMS.grafanaUrl}/d/${spec.dashboard}` } : {};
  return {
    alert: spec.name,
    expr: spec.expr,
    for: spec.for,
    labels: { severity: spec.severity },
    annotations: { summary: spec.summary, description: spec.description, runbook_url: runbookUrl(spec.name), ...dashboard },
  };
}

export function record(name: string, expr: string): RecordingRule {
  return { record: name, expr };
}

/** `{job="dmarket-bot"}`-style selector for the bot's runtime series (Prometheus has its own). */
export function bot(metric: string, matchers = ''): string {
  return `${metric}{job="${PARAMS.botJob}"${matchers ? `, ${matchers}` : ''}}`;
}

/** A number as PromQL prints it: no float noise such as 0.43200000000000005. */
export function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Prometheus duration → seconds. */
export function seconds(duration: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  const match = /^(\d+)([smhdw])$/.exec(duration);
  if (!match) throw new Error(`unsupported duration ${duration}`);
  return Number(match[1]) * (units[match[2] as string] as number);
}

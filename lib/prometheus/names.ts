import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';

// These mirror @opentelemetry/exporter-prometheus exactly, so both serializers name and escape
// every series the same way; they run once per family or series, never per sample.

/** Escapes `\` and newlines, as in HELP text and metric names. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A label value: strings as they are, anything else JSON-encoded, `undefined` as empty. */
export function escapeLabelValue(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return escapeText(text).replace(/"/g, '\\"');
}

/** Replaces characters Prometheus names cannot hold with `_` and collapses runs of `_`. */
export function sanitizeName(name: string): string {
  return name.replace(/[^a-z0-9_]/gi, '_').replace(/_{2,}/g, '_');
}

/** The exported family name, or undefined when normalisation leaves nothing usable. */
export function familyName(metric: MetricData): string | undefined {
  let name = sanitizeName(escapeText(metric.descriptor.name));
  if (name === '' || name === '_') return undefined;
  if (name[0]! >= '0' && name[0]! <= '9') name = `_${name}`;
  const counter = metric.dataPointType === DataPointType.SUM && metric.isMonotonic;
  return counter && !name.endsWith('_total') ? `${name}_total` : name;
}

export function prometheusType(metric: MetricData): string {
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return metric.isMonotonic ? 'counter' : 'gauge';
    case DataPointType.GAUGE:
      return 'gauge';
    case DataPointType.HISTOGRAM:
      return 'histogram';
    default:
      return 'untyped';
  }
}

/** Sample values as Prometheus writes them: `+Inf`, `-Inf`, `NaN`, or the shortest decimal. */
export function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return `${value}`;
}

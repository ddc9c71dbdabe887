import { DataPointType, type MetricData, type ResourceMetrics, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { familyName } from './names.js';

/** What one metric's samples are called in the exposition (a histogram also owns `_bucket`, `_count`, `_sum`). */
function sampleNames(metric: MetricData): string[] {
  const name = familyName(metric);
  if (name === undefined) return [];
  return metric.dataPointType === DataPointType.HISTOGRAM ? [name, `${name}_bucket`, `${name}_count`, `${name}_sum`] : [name];
}

/**
 * Prometheus rejects a whole scrape that holds two families with one name. The owner scope's
 * metrics (the catalog) are kept first; a later metric of any other scope whose sample names
 * are taken is dropped and reported, so a foreign instrument named like a catalog metric costs
 * only itself.
 */
export function dropCollidingFamilies(data: ResourceMetrics, ownerScope: string): { data: ResourceMetrics; dropped: string[] } {
  const taken = new Set<string>();
  const dropped: string[] = [];
  const ordered = [...data.scopeMetrics].sort((a, b) => Number(b.scope.name === ownerScope) - Number(a.scope.name === ownerScope));
  const scopeMetrics: ScopeMetrics[] = [];
  for (const scope of ordered) {
    const metrics: MetricData[] = [];
    for (const metric of scope.metrics) {
      const names = sampleNames(metric);
      if (names.some((n) => taken.has(n))) {
        dropped.push(metric.descriptor.name);
        continue;
      }
      for (const n of names) taken.add(n);
      metrics.push(metric);
    }
    scopeMetrics.push(metrics.length === scope.metrics.length ? scope : { scope: scope.scope, metrics });
  }
  return dropped.length === 0 ? { data, dropped } : { data: { resource: data.resource, scopeMetrics }, dropped };
}

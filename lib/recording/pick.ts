import type { Attributes } from '@opentelemetry/api';
import { getMetricSpec, type MetricName } from '../catalog.js';

/** The subset of `attrs` that metric `name` carries, in catalog order. */
export function pick(name: MetricName, attrs: Attributes): Attributes {
  const out: Attributes = {};
  for (const label of getMetricSpec(name).labels) out[label] = attrs[label];
  return out;
}

import { AggregationType, createAllowListAttributesProcessor, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { CATALOG, type MetricSpec } from '../catalog.js';
import { bucketsFor, type BucketOverrides } from './instruments.js';
import { DEFAULT_SERIES_LIMIT } from '../config/defaults.js';

/**
 * One view per catalog metric: an attribute allow-list (a stray attribute can never become a
 * label), the SDK's cardinality limit above `seriesLimit` (so the library's own bound, with its
 * visible overflow series and counter, is the one that applies) and, for histograms, explicit
 * second-scale buckets instead of the SDK's 0…10000 defaults.
 */
export function catalogViews(
  buckets: BucketOverrides = {},
  catalog: readonly MetricSpec[] = CATALOG,
  seriesLimit = DEFAULT_SERIES_LIMIT,
): ViewOptions[] {
  return catalog.map((spec) => {
    const view: ViewOptions = {
      instrumentName: spec.name,
      attributesProcessors: [createAllowListAttributesProcessor([...spec.labels])],
      // The SDK keeps limit − 1 label sets plus its own overflow set; ours needs `seriesLimit`.
      aggregationCardinalityLimit: seriesLimit + 1,
    };
    if (spec.kind === 'histogram') {
      view.aggregation = {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: { boundaries: [...bucketsFor(spec, buckets)], recordMinMax: false },
      };
    }
    return view;
  });
}

/**
 * The HTTP instrumentations also record their own `http.client.request.duration`; this layer
 * exports the catalog's API metrics instead, so those streams are dropped.
 */
export const INSTRUMENTATION_METERS = ['@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-undici'] as const;

export function instrumentationDropViews(): ViewOptions[] {
  return INSTRUMENTATION_METERS.map((meterName) => ({ meterName, aggregation: { type: AggregationType.DROP } }));
}

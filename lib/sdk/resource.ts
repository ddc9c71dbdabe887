import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { serviceInstanceId, serviceName, serviceVersion } from '../config/defaults.js';
import type { ResourceOptions, TelemetryOptions } from '../config/options.js';

/** `service.instance.id` is still incubating in semconv; spelled out to avoid the incubating entry point. */
export const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';

/** The resource every metric is attributed to; the version's default is `serviceVersion` (config/defaults.ts). */
export function buildResource(options: ResourceOptions & Pick<TelemetryOptions, 'env'>): Resource {
  return defaultResource().merge(
    resourceFromAttributes({
      ...options.resourceAttributes,
      // Explicit options (OTEL_SERVICE_NAME) win over OTEL_RESOURCE_ATTRIBUTES, which wins over defaults.
      [ATTR_SERVICE_NAME]: serviceName(options),
      [ATTR_SERVICE_VERSION]: serviceVersion(options),
      [ATTR_SERVICE_INSTANCE_ID]: serviceInstanceId(options),
    }),
  );
}

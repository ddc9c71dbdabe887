import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { randomUUID } from 'node:crypto';
import { DEFAULT_SERVICE_NAME } from '../config/defaults.js';
import type { ResourceOptions, TelemetryOptions } from '../config/options.js';
import { libraryVersion, mainPackageVersion } from './package-info.js';

/** `service.instance.id` is still incubating in semconv; spelled out to avoid the incubating entry point. */
export const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';

export { DEFAULT_SERVICE_NAME };

/**
 * The resource every metric is attributed to. The version defaults to the running package's
 * (`npm_package_version`, set by `npm start`; else the nearest package.json above the main
 * module), else this library's.
 */
export function buildResource(options: ResourceOptions & Pick<TelemetryOptions, 'env'>): Resource {
  const attributes = options.resourceAttributes ?? {};
  const given = (key: string): string | undefined => (typeof attributes[key] === 'string' ? (attributes[key] as string) : undefined);
  return defaultResource().merge(
    resourceFromAttributes({
      ...attributes,
      // Explicit options (OTEL_SERVICE_NAME) win over OTEL_RESOURCE_ATTRIBUTES, which wins over defaults.
      [ATTR_SERVICE_NAME]: options.serviceName ?? given(ATTR_SERVICE_NAME) ?? DEFAULT_SERVICE_NAME,
      [ATTR_SERVICE_VERSION]: options.serviceVersion ?? given(ATTR_SERVICE_VERSION) ?? serviceVersion(options),
      [ATTR_SERVICE_INSTANCE_ID]: options.serviceInstanceId ?? given(ATTR_SERVICE_INSTANCE_ID) ?? randomUUID(),
    }),
  );
}

/** `npm_package_version` comes from the `env` option like every variable (`env: {}` ignores it). */
export function serviceVersion(options: ResourceOptions & Pick<TelemetryOptions, 'env'>): string {
  const env = options.env ?? process.env;
  return options.serviceVersion ?? env['npm_package_version'] ?? mainPackageVersion() ?? libraryVersion();
}

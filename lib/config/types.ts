/** Backend configuration, whatever its source (options, OTEL_CONFIG_FILE, OTEL_* variables). */

export const METRICS_EXPORTERS = ['prometheus', 'otlp', 'console', 'none'] as const;
export type MetricsExporterName = (typeof METRICS_EXPORTERS)[number];

export const TRACES_EXPORTERS = ['otlp', 'console', 'none'] as const;
export type TracesExporterName = (typeof TRACES_EXPORTERS)[number];

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export interface OtlpOptions {
  /** Full metrics URL for HTTP (`…/v1/metrics`), `host:port` URL for gRPC. */
  readonly endpoint?: string;
  readonly protocol?: OtlpProtocol;
  readonly headers?: Readonly<Record<string, string>>;
  /** Push interval; OTel's default is 60 s. */
  readonly exportIntervalMillis?: number;
  readonly exportTimeoutMillis?: number;
}

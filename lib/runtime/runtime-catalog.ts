/**
 * Node runtime metrics: which streams of `@opentelemetry/instrumentation-runtime-node` are
 * exported, under which Prometheus-style names (unit in the name), plus the process metrics this
 * layer observes itself. Views, the README table and the dashboard checks read this list.
 */

export const RUNTIME_METER = '@opentelemetry/instrumentation-runtime-node';
export const PROCESS_METER = 'dmarket-bot-telemetry/process';

export interface RuntimeMetricSpec {
  /** Exported Prometheus name. */
  readonly name: string;
  readonly kind: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  /** The instrument it comes from: the runtime instrumentation's semconv name, or our own. */
  readonly source: string;
  readonly meter: typeof RUNTIME_METER | typeof PROCESS_METER;
  readonly labels: readonly string[];
  readonly buckets?: readonly number[];
}

/** GC pauses: sub-millisecond scavenges to second-long full collections. */
export const GC_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

const runtime = (
  name: string,
  kind: RuntimeMetricSpec['kind'],
  source: string,
  help: string,
  labels: readonly string[] = [],
): RuntimeMetricSpec => ({ name, kind, source, help, labels, meter: RUNTIME_METER });

export const RUNTIME_METRICS: readonly RuntimeMetricSpec[] = [
  runtime(
    'nodejs_eventloop_delay_p99_seconds',
    'gauge',
    'nodejs.eventloop.delay.p99',
    'Event-loop delay, 99th percentile since the last collection.',
  ),
  runtime(
    'nodejs_eventloop_delay_max_seconds',
    'gauge',
    'nodejs.eventloop.delay.max',
    'Event-loop delay, maximum since the last collection.',
  ),
  runtime(
    'nodejs_eventloop_delay_mean_seconds',
    'gauge',
    'nodejs.eventloop.delay.mean',
    'Event-loop delay, mean since the last collection.',
  ),
  runtime(
    'nodejs_eventloop_utilization_ratio',
    'gauge',
    'nodejs.eventloop.utilization',
    'Share of time the event loop was busy since the last collection.',
  ),
  {
    ...runtime('v8js_gc_duration_seconds', 'histogram', 'v8js.gc.duration', 'Garbage-collection pauses, by GC type.', ['v8js.gc.type']),
    buckets: GC_DURATION_BUCKETS,
  },
  runtime('v8js_memory_heap_used_bytes', 'gauge', 'v8js.memory.heap.used', 'V8 heap bytes in use, by heap space.', [
    'v8js.heap.space.name',
  ]),
  runtime(
    'nodejs_active_resources',
    'gauge',
    'v8js.resource.active',
    'Active handles and requests keeping the event loop alive, by resource type.',
    ['v8js.resource.type'],
  ),
  {
    name: 'process_cpu_seconds_total',
    kind: 'counter',
    source: 'process.cpu.time',
    help: 'User and system CPU time spent by the bot process.',
    labels: [],
    meter: PROCESS_METER,
  },
  {
    name: 'process_resident_memory_bytes',
    kind: 'gauge',
    source: 'process.memory.rss',
    help: 'Resident set size of the bot process.',
    labels: [],
    meter: PROCESS_METER,
  },
];

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CATALOG, type MetricSpec } from '../../lib/index.js';
import { ROOT } from '../support/monitoring-files.js';

interface CollectorConfig {
  receivers: { otlp: { protocols: { grpc?: unknown; http?: unknown } } };
  processors: Record<string, unknown>;
  exporters: Record<string, { add_metric_suffixes?: boolean }>;
  service: { pipelines: { metrics: { receivers: string[]; processors: string[]; exporters: string[] } } };
}

const collector = parse(readFileSync(`${ROOT}otel/collector.yaml`, 'utf8')) as CollectorConfig;

/**
 * The OpenTelemetry Collector's Prometheus name translation with suffixes on (as documented for
 * its prometheus exporter): `{…}` units are dropped, other units append their Prometheus word
 * unless the name already contains it, and monotonic sums end in exactly one `_total`.
 */
function collectorName(spec: MetricSpec): string {
  const UNIT_WORDS: Record<string, string> = { s: 'seconds', ms: 'milliseconds', By: 'bytes', '1': '' };
  const tokens = spec.name.split('_').filter((t) => t !== 'total');
  const unit = spec.unit.replace(/\{[^}]*\}/g, '');
  const word = unit === '' ? '' : (UNIT_WORDS[unit] ?? unit);
  if (word && !tokens.includes(word)) tokens.push(word);
  if (spec.kind === 'counter') tokens.push('total');
  return tokens.join('_');
}

describe('OpenTelemetry Collector path (otel/collector.yaml)', () => {
  it('receives OTLP over gRPC and HTTP and exposes Prometheus, through memory_limiter then batch', () => {
    expect(collector.receivers.otlp.protocols).to.have.keys(['grpc', 'http']);
    expect(collector.exporters).to.have.property('prometheus');
    const pipeline = collector.service.pipelines.metrics;
    expect(pipeline.receivers).to.deep.equal(['otlp']);
    expect(pipeline.processors).to.deep.equal(['memory_limiter', 'batch']);
    expect(pipeline.exporters).to.deep.equal(['prometheus']);
  });

  it('exports every catalog metric under the same name as the direct /metrics', () => {
    for (const spec of CATALOG) expect(collectorName(spec), spec.name).to.equal(spec.name);
  });

  it('the translation model notices a name the collector would change', () => {
    expect(collectorName({ name: 'dmarket_bot_scan_duration', kind: 'histogram', unit: 's', help: '', labels: [] })).to.equal(
      'dmarket_bot_scan_duration_seconds',
    );
    expect(collectorName({ name: 'dmarket_bot_commands', kind: 'counter', unit: '{command}', help: '', labels: [] })).to.equal(
      'dmarket_bot_commands_total',
    );
  });
});

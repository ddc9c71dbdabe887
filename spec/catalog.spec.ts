import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CATALOG } from '../lib/index.js';
import { LABEL_NAMES } from '../lib/labels/label-names.js';
import { METRICS_DOC, withGeneratedTable } from '../scripts/metric-table.js';

describe('metric catalog', () => {
  it('has unique names, all under the dmarket_bot_ prefix', () => {
    const names = CATALOG.map((s) => s.name);
    expect(new Set(names).size).to.equal(names.length);
    for (const name of names) expect(name).to.match(/^dmarket_bot_[a-z0-9_]+$/);
  });

  it('follows Prometheus naming: counters end in _total, durations in _seconds with unit s', () => {
    for (const spec of CATALOG) {
      if (spec.kind === 'counter') expect(spec.name, spec.name).to.match(/_total$/);
      else expect(spec.name, spec.name).to.not.match(/_total$/);
      if (spec.kind === 'histogram') {
        expect(spec.name, spec.name).to.match(/_seconds$/);
        expect(spec.unit, spec.name).to.equal('s');
      }
    }
  });

  it('gives every histogram strictly increasing, finite second-scale buckets', () => {
    for (const spec of CATALOG.filter((s) => s.kind === 'histogram')) {
      const buckets = [...(spec.buckets ?? [])];
      expect(buckets, spec.name).to.not.be.empty;
      expect(buckets, spec.name).to.deep.equal([...buckets].sort((a, b) => a - b));
      expect(Math.max(...buckets), spec.name).to.be.at.most(300);
    }
  });

  it('uses only known label names and never user_id', () => {
    for (const spec of CATALOG) {
      for (const label of spec.labels) expect(LABEL_NAMES, spec.name).to.include(label);
      expect(spec.labels, spec.name).to.not.include('user_id' as never);
    }
  });

  it('matches the metric table committed in docs/metrics.md', () => {
    const readme = readFileSync(METRICS_DOC, 'utf8');
    expect(readme, 'run npm run docs:metrics').to.equal(withGeneratedTable(readme));
  });
});

describe('dependencies', () => {
  it('resolve to exactly one copy of each @opentelemetry package', () => {
    const tree = JSON.parse(execFileSync('npm', ['ls', '--all', '--json'], { encoding: 'utf8' })) as Dependency;
    const versions = new Map<string, Set<string>>();
    const walk = (deps: Record<string, Dependency> = {}): void => {
      for (const [name, dep] of Object.entries(deps)) {
        if (name.startsWith('@opentelemetry/') && dep.version) {
          versions.set(name, (versions.get(name) ?? new Set()).add(dep.version));
        }
        walk(dep.dependencies);
      }
    };
    walk(tree.dependencies);
    expect(versions.get('@opentelemetry/sdk-metrics')?.size).to.equal(1);
    for (const [name, set] of versions) expect([...set], name).to.have.length(1);
  });
});

interface Dependency {
  version?: string;
  dependencies?: Record<string, Dependency>;
}

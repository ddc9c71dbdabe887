import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRPC_JS_RANGE, OTEL_TRAIN } from '../../lib/sdk/push-exporters.js';
import { ROOT } from './support/runtime-stage.js';

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const demo = JSON.parse(readFileSync(join(ROOT, 'demo/package.json'), 'utf8')) as { dependencies: Record<string, string> };
/** The experimental (0.x) packages of the core repository; contrib instrumentations have their own numbers. */
const CONTRIB = ['@opentelemetry/instrumentation-runtime-node', '@opentelemetry/instrumentation-undici'];

describe('one OpenTelemetry release train', () => {
  const all = { ...pkg.dependencies, ...pkg.devDependencies, ...demo.dependencies };
  const otel = Object.entries(all).filter(
    ([name]) =>
      name.startsWith('@opentelemetry/') &&
      name !== '@opentelemetry/api' &&
      name !== '@opentelemetry/semantic-conventions' &&
      !CONTRIB.includes(name),
  );

  it('pins every experimental package to the train the missing-package message names, and every stable one to one SDK version', () => {
    const experimental = otel.filter(([, version]) => version.startsWith('0.'));
    const stable = otel.filter(([, version]) => !version.startsWith('0.'));
    expect(experimental.length).to.be.greaterThan(3);
    for (const [name, version] of experimental) expect(version, name).to.equal(OTEL_TRAIN);
    expect(new Set(stable.map(([, version]) => version)).size, JSON.stringify(stable)).to.equal(1);
  });

  it('declares the OTLP exporters and gRPC as optional peers at the versions the tests install', () => {
    const peers = Object.keys(pkg.peerDependencies).filter((name) => name.includes('exporter-') || name === '@grpc/grpc-js');
    expect(peers).to.have.length(5);
    for (const name of peers) {
      expect(pkg.peerDependenciesMeta[name]?.optional, name).to.equal(true);
      expect(pkg.dependencies[name], `${name} must not be a dependency`).to.equal(undefined);
      expect(pkg.peerDependencies[name], name).to.equal(name === '@grpc/grpc-js' ? GRPC_JS_RANGE : pkg.devDependencies[name]);
    }
  });

  it('installs one copy of sdk-metrics in the repository', () => {
    const lines = execFileSync('npm', ['ls', '@opentelemetry/sdk-metrics', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(lines.filter((line) => line.endsWith('/@opentelemetry/sdk-metrics'))).to.have.length(1);
  });
});

// `npm run test:unit`: the specs that need no system package (no Prometheus, promtool,
// Alertmanager, amtool, Python client, npm pack or Node downloads) and run in seconds.
// Every other spec needs the Debian packages that `npm test`'s pretest installs.
// Tests with `@slow` in their title are left out here (grep + invert) and run only in `npm test`:
// the few that need no system package but take seconds by nature (a 10,000-request flood, a wait
// the library must do). Keep the tag rare; a wait that can be shortened is shortened instead.
'use strict';
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, delimiter } = require('node:path');

// The tier is checked, not assumed: the system binaries are shadowed by stubs that fail (exit 127)
// as on a machine without them. Mocha's worker process inherits this PATH.
const stubs = mkdtempSync(join(tmpdir(), 'unit-tier-'));
for (const bin of ['prometheus', 'promtool', 'prometheus-alertmanager', 'alertmanager', 'amtool', 'python3', 'python']) {
  writeFileSync(join(stubs, bin), `#!/bin/sh\necho "${bin}: not available in npm run test:unit" >&2\nexit 127\n`, { mode: 0o755 });
}
process.env.PATH = `${stubs}${delimiter}${process.env.PATH}`;
process.on('exit', () => rmSync(stubs, { recursive: true, force: true }));

module.exports = {
  'node-option': ['import=tsx'],
  require: ['spec/support/leak-check.ts'],
  reporter: './spec/support/summary-reporter.cjs',
  timeout: 20000,
  grep: '@slow',
  invert: true,
  // Two workers: most of the tier's time is waiting (timers, sockets), so files overlap well. The leak
  // check is a root hook plugin, so each worker runs it after every file it runs (spec/leak-check.spec.ts
  // proves it); mocha ends the workers itself, while `npm test` runs serially and must exit on its own.
  parallel: true,
  jobs: 2,
  // The longest files first (dashboards: loading the Grafana SDK), so that the two workers end together;
  // the rest in path order.
  spec: [
    'spec/leak-check.spec.ts',
    'spec/backends/exporters.spec.ts',
    'spec/capture/rate-limit-expiry.spec.ts',
    'spec/server/health-builtin.spec.ts',
    'spec/telegram/middleware.spec.ts',
    'spec/monitoring/dashboards.spec.ts',
    'spec/active-users/*.spec.ts',
    'spec/architecture/*.spec.ts',
    'spec/backends/otel-collector.spec.ts',
    'spec/backends/config.spec.ts',
    'spec/backends/export-tracker.spec.ts',
    'spec/catalog.spec.ts',
    'spec/config/*.spec.ts',
    'spec/dmarket/*.spec.ts',
    'spec/capture/auto-capture.spec.ts',
    'spec/capture/channel-gc.spec.ts',
    'spec/capture/capture-edge-cases.spec.ts',
    'spec/capture/spans-and-secrets.spec.ts',
    'spec/labels/*.spec.ts',
    'spec/package/release-train.spec.ts',
    'spec/package/service-version.spec.ts',
    'spec/recording/*.spec.ts',
    'spec/sdk/*.spec.ts',
    'spec/server/server.spec.ts',
    'spec/telegram/options.spec.ts',
    'spec/telegram/robustness.spec.ts',
    'spec/telegram/update-info.spec.ts',
  ],
};

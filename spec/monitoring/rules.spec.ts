import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CATALOG, RUNTIME_METRICS } from '../../lib/index.js';
import { run } from '../support/promtool.js';
import { ALERTMANAGER_CONFIG, allRules, PROM_DIR, readYaml, ROOT, RULE_TESTS_DIR, RULES_DIR, yamlFiles } from '../support/monitoring-files.js';

/** prometheus.yml with its container rule path pointed at the repository's rules. */
function localPrometheusConfig(dir: string): string {
  const config = parse(readFileSync(`${PROM_DIR}/prometheus.yml`, 'utf8')) as { rule_files: string[] };
  config.rule_files = [`${RULES_DIR}/*.yml`];
  const path = join(dir, 'prometheus.yml');
  writeFileSync(path, stringify(config));
  return path;
}

describe('Prometheus and Alertmanager configuration (real promtool and amtool)', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'dmbt-rules-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('promtool check config accepts prometheus.yml and the rules it loads', async () => {
    const result = await run('promtool', ['check', 'config', localPrometheusConfig(tmp)]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.contain('SUCCESS');
  });

  it('promtool check rules accepts every rules file', async () => {
    const result = await run('promtool', ['check', 'rules', ...yamlFiles(RULES_DIR)]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
  });

  it('promtool test rules passes every rule test file', async () => {
    const result = await run('promtool', ['test', 'rules', ...yamlFiles(RULE_TESTS_DIR)], undefined, 120_000);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout.match(/SUCCESS/g)?.length).to.equal(yamlFiles(RULE_TESTS_DIR).length);
  });

  it('amtool check-config accepts alertmanager.yml', async () => {
    const result = await run('amtool', ['check-config', ALERTMANAGER_CONFIG]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.contain('2 receivers').and.contain('2 inhibit rules');
  });

  it('a broken rule file fails the same check with promtool’s message', async () => {
    const dir = join(tmp, 'broken');
    cpSync(RULES_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'broken.yml'), 'groups:\n  - name: broken\n    rules:\n      - alert: Broken\n        expr: rate(dmarket_bot_errors_total[5m] > 1\n');
    const result = await run('promtool', ['check', 'rules', ...yamlFiles(dir)]);
    expect(result.code).to.not.equal(0);
    expect(result.stdout + result.stderr).to.contain('broken.yml').and.match(/parse error|unclosed/i);
  });

  it('a failing rule test is reported as a failure', async () => {
    const test = readYaml<{ tests: Array<{ alert_rule_test: Array<{ exp_alerts: unknown[] }> }> }>(`${RULE_TESTS_DIR}/availability.test.yml`);
    (test.tests[0] as { alert_rule_test: Array<{ exp_alerts: unknown[] }> }).alert_rule_test[0]!.exp_alerts = [];
    const path = join(tmp, 'wrong.test.yml');
    writeFileSync(path, stringify({ ...test, rule_files: [`${RULES_DIR}/availability.yml`] }));
    const result = await run('promtool', ['test', 'rules', path]);
    expect(result.code).to.not.equal(0);
    expect(result.stdout + result.stderr).to.contain('FAILED');
  });
});

describe('alert rules conventions', () => {
  const alerts = allRules().filter((r) => r.alert);
  const runbooks = readFileSync(`${ROOT}docs/runbooks.md`, 'utf8');
  const ruleTests = yamlFiles(RULE_TESTS_DIR).map((f) => readFileSync(f, 'utf8'));

  it('has the alerts the design asks for, plus the runtime one', () => {
    expect(alerts.map((a) => a.alert).sort()).to.deep.equal(
      ['ArbitrageScansStalled', 'BotDown', 'DMarketRateLimited', 'EventLoopLagHigh', 'HighAPIErrorRatio', 'HighErrorRate', 'LowActiveUsers', 'SlowAPIRequests', 'TelemetryDropping'],
    );
  });

  for (const alert of alerts) {
    it(`${alert.alert}: for, severity, summary, description with $labels/$value, runbook section`, () => {
      expect(alert.for, 'for').to.match(/^\d+[smh]$/);
      expect(alert.labels?.['severity']).to.be.oneOf(['critical', 'warning', 'info']);
      expect(alert.annotations?.['summary']).to.be.a('string').and.not.empty;
      expect(alert.annotations?.['description']).to.match(/\$labels|\$value/);
      const url = alert.annotations?.['runbook_url'] ?? '';
      expect(url).to.equal(`docs/runbooks.md#${alert.alert?.toLowerCase()}`);
      expect(runbooks).to.contain(`\n## ${alert.alert}\n`);
    });

    it(`${alert.alert}: has a promtool case where it fires and one where it must not`, () => {
      const tests = ruleTests.flatMap((text) => (parse(text) as { tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }> }).tests);
      const cases = tests.flatMap((t) => t.alert_rule_test ?? []).filter((c) => c.alertname === alert.alert);
      expect(cases.some((c) => c.exp_alerts.length > 0), 'firing case').to.equal(true);
      expect(cases.some((c) => c.exp_alerts.length === 0), 'silent case').to.equal(true);
    });
  }

  it('every recording rule has a promql_expr_test', () => {
    const tested = readFileSync(`${RULE_TESTS_DIR}/recording.test.yml`, 'utf8');
    for (const rule of allRules().filter((r) => r.record)) expect(tested, rule.record).to.contain(`expr: ${rule.record}`);
  });

  it('queries only metric names the catalog and runtime list define (or recording rules and up)', () => {
    const known = new Set<string>(['up']);
    for (const spec of [...CATALOG, ...RUNTIME_METRICS]) {
      known.add(spec.name);
      if (spec.kind === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) known.add(spec.name + suffix);
    }
    for (const rule of allRules()) if (rule.record) known.add(rule.record);
    for (const rule of allRules()) {
      for (const name of rule.expr.match(/\b((?:dmarket_bot|nodejs|v8js|process)_[a-z0-9_]+|[a-z_]+:[a-z0-9_]+:[a-z0-9_]+)\b/g) ?? []) {
        expect(known.has(name), `${rule.alert ?? rule.record}: ${name}`).to.equal(true);
      }
    }
  });
});

import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CATALOG, RUNTIME_METRICS } from '../../lib/index.js';
import { renderRules } from '../../monitoring/prometheus/generator/generate.js';
import { runbookUrl } from '../../monitoring/prometheus/generator/rule.js';
import { writeAlertmanagerConfig } from '../../scripts/stack/configs.js';
import { run } from '../support/promtool.js';
import { allRules, PROM_DIR, readYaml, ROOT, RULE_TESTS_DIR, RULES_DIR, yamlFiles } from '../support/monitoring-files.js';

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

  it('promtool test rules passes every rule test file', async function () {
    // Days of simulated series in the SLO tests: seconds of CPU, more on a loaded machine.
    this.timeout(180_000);
    const result = await run('promtool', ['test', 'rules', ...yamlFiles(RULE_TESTS_DIR)], undefined, 120_000);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout.match(/SUCCESS/g)?.length).to.equal(yamlFiles(RULE_TESTS_DIR).length);
  });

  it('amtool check-config accepts alertmanager.yml (bot_token_file inlined for the installed 0.25)', async () => {
    const result = await run('amtool', [
      'check-config',
      writeAlertmanagerConfig(tmp, { webhookUrl: 'http://127.0.0.1:9/alerts', telegram: { apiUrl: 'http://127.0.0.1:9', token: '1:x' } }),
    ]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.contain('3 receivers').and.contain('3 inhibit rules');
  });

  it('the committed rules are exactly what the generator produces (npx tsx monitoring/prometheus/generator/generate.ts)', () => {
    const rendered = renderRules();
    expect(yamlFiles(RULES_DIR).map((f) => f.split('/').pop())).to.have.members([...rendered.keys()]);
    for (const [file, yaml] of rendered) expect(readFileSync(`${RULES_DIR}/${file}`, 'utf8'), file).to.equal(yaml);
  });

  it('a broken rule file fails the same check with promtool’s message', async () => {
    const dir = join(tmp, 'broken');
    cpSync(RULES_DIR, dir, { recursive: true });
    writeFileSync(
      join(dir, 'broken.yml'),
      'groups:\n  - name: broken\n    rules:\n      - alert: Broken\n        expr: rate(dmarket_bot_errors_total[5m] > 1\n',
    );
    const result = await run('promtool', ['check', 'rules', ...yamlFiles(dir)]);
    expect(result.code).to.not.equal(0);
    expect(result.stdout + result.stderr)
      .to.contain('broken.yml')
      .and.match(/parse error|unclosed/i);
  });

  it('a failing rule test is reported as a failure', async () => {
    const test = readYaml<{ tests: Array<{ alert_rule_test: Array<{ exp_alerts: unknown[] }> }> }>(
      `${RULE_TESTS_DIR}/availability.test.yml`,
    );
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

  const names = [...new Set(alerts.map((a) => a.alert as string))].sort();
  type RuleTest = { name: string; alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> };
  const tests = ruleTests.flatMap((text) => (parse(text) as { tests: RuleTest[] }).tests);

  it('has the alerts the design asks for, the SLO burn alerts, and the alert path watching itself', () => {
    expect(names).to.deep.equal([
      'AlertmanagerNotificationsFailing',
      'ArbitrageScansStalled',
      'BalanceDropUnexplained',
      'BotDown',
      'BotMemoryGrowing',
      'BotRestarting',
      'DMarketAPIErrorBudgetBurn',
      'DMarketAPILatencyBudgetBurn',
      'DMarketAuthFailures',
      'DMarketRateLimited',
      'EventLoopLagHigh',
      'HighErrorRate',
      'LowActiveUsers',
      'SlowAPIRequests',
      'TelegramCommandErrors',
      'TelegramCommandsSlow',
      'TelemetryDropping',
      'Watchdog',
    ]);
  });

  for (const alert of alerts) {
    it(`${alert.alert} (${alert.labels?.['severity']}): for, severity, summary, description with $labels/$value, absolute runbook link, runbook section`, () => {
      expect(alert.for, 'for').to.match(/^\d+[smh]$/);
      // Only the Watchdog has no severity a human should see: it goes to the heartbeat receiver.
      expect(alert.labels?.['severity']).to.be.oneOf(alert.alert === 'Watchdog' ? ['none'] : ['critical', 'warning', 'info']);
      expect(alert.annotations?.['summary']).to.be.a('string').and.not.empty;
      expect(alert.annotations?.['description']).to.match(/\$labels|\$value/);
      const url = alert.annotations?.['runbook_url'] ?? '';
      expect(url)
        .to.equal(runbookUrl(alert.alert as string))
        .and.match(/^https?:\/\/[^/]+\/.*docs\/runbooks\.md#[a-z]+$/);
      expect(runbooks).to.contain(`\n## ${alert.alert}\n`).and.contain(`\n<${url}>\n`);
    });
  }

  for (const name of names) {
    it(`${name}: has a promtool case where it fires and one where it must not`, () => {
      const cases = tests.flatMap((t) => t.alert_rule_test ?? []).filter((c) => c.alertname === name);
      expect(
        cases.some((c) => c.exp_alerts.length > 0),
        'firing case',
      ).to.equal(true);
      // A Watchdog that can be silent is broken: its only case is that it fires.
      if (name !== 'Watchdog')
        expect(
          cases.some((c) => c.exp_alerts.length === 0),
          'silent case',
        ).to.equal(true);
    });
  }

  it('the healthy busy fleet scenario checks every alert, and only the Watchdog fires', () => {
    const healthy = tests.find((t) => t.name.startsWith('healthy busy fleet'));
    const cases = healthy?.alert_rule_test ?? [];
    expect(cases.map((c) => c.alertname).sort()).to.deep.equal(names);
    for (const c of cases) expect(c.exp_alerts.length, c.alertname).to.equal(c.alertname === 'Watchdog' ? 1 : 0);
  });

  it('every recording rule has a promql_expr_test', () => {
    const tested = ruleTests.join('\n');
    for (const rule of allRules().filter((r) => r.record))
      expect(tested.includes(`expr: ${rule.record}\n`) || tested.includes(`expr: ${rule.record}{`), rule.record).to.equal(true);
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

import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { writeAlertmanagerConfig, writePrometheusConfig, writeRules } from '../../scripts/stack/configs.js';
import { findBinary } from '../../scripts/stack/processes.js';
import { run } from '../support/promtool.js';

describe('npm run stack: local configs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dmbt-stack-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the Debian package when a binary is missing', () => {
    expect(() => findBinary(['no-such-alertmanager-binary'], 'prometheus-alertmanager')).to.throw(
      'install the Debian package "prometheus-alertmanager"',
    );
  });

  it('rewrites prometheus.yml to loopback targets and still passes promtool check config', async () => {
    const path = writePrometheusConfig(dir, {
      botTargets: ['127.0.0.1:18000'],
      selfTarget: '127.0.0.1:19090',
      alertmanagerTarget: '127.0.0.1:19093',
      rulesDir: writeRules(dir),
    });
    const text = readFileSync(path, 'utf8');
    expect(text).to.contain('127.0.0.1:18000').and.not.contain('bot:8000');
    const result = await run('promtool', ['check', 'config', path]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
  });

  it('leaves Telegram out of the local Alertmanager config, which amtool accepts', async () => {
    const path = writeAlertmanagerConfig(dir, { webhookUrl: 'http://127.0.0.1:18080/alerts' });
    const config = parse(readFileSync(path, 'utf8')) as { receivers: Array<Record<string, unknown>> };
    for (const receiver of config.receivers) expect(receiver).to.not.have.property('telegram_configs');
    const result = await run('amtool', ['check-config', path]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
  });
});

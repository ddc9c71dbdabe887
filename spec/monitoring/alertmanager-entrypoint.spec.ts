import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALERTMANAGER_CONFIG, ROOT } from '../support/monitoring-files.js';
import { run } from '../support/promtool.js';

/**
 * The compose Alertmanager entrypoint, run by a real `sh` with the container paths pointed at a
 * temp dir and `exec /bin/alertmanager` replaced by printing its arguments: it must refuse to
 * start without a token or chat id, and otherwise hand Alertmanager the config with the chat id.
 */
const service = (parse(readFileSync(`${ROOT}docker-compose.yml`, 'utf8')) as { services: Record<string, { entrypoint: string[] }> })
  .services['alertmanager'];
const script = (service?.entrypoint[2] ?? '')
  .replaceAll('$$', '$') // compose's escape for a literal $
  .replace(/\$\{ALERTMANAGER_EXTERNAL_URL:-([^}]*)\}/, '$1'); // what compose interpolates with no .env

describe('docker-compose Alertmanager entrypoint (real sh)', function () {
  // Each case is a few ms; a machine busy with parallel npm installs can stall spawns for long.
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dmbt-am-entry-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function start(token: string | undefined, env: Record<string, string>) {
    if (token !== undefined) writeFileSync(join(dir, 'token'), token);
    const local = script
      .replaceAll('/run/secrets/telegram_bot_token', join(dir, 'token'))
      .replaceAll('/etc/alertmanager/alertmanager.yml', ALERTMANAGER_CONFIG)
      .replaceAll('/tmp/alertmanager.yml', join(dir, 'alertmanager.yml'))
      .replace('exec /bin/alertmanager', 'echo alertmanager');
    const vars = Object.entries(env)
      .map(([k, v]) => `${k}='${v}'`)
      .join(' ');
    return run('sh', ['-c', `${vars} sh -c "$0"`, local]);
  }

  it('refuses to start, saying why, when the token file is missing or empty', async () => {
    for (const token of [undefined, '']) {
      const result = await start(token, { TELEGRAM_CHAT_ID: '-1001' });
      expect(result.code).to.equal(1);
      expect(result.stderr).to.contain('Telegram token file (secrets/telegram_bot_token) is empty');
    }
  });

  it('refuses to start when TELEGRAM_CHAT_ID is empty or not a number', async () => {
    for (const chat of ['', '@alerts']) {
      const result = await start('123:abc', { TELEGRAM_CHAT_ID: chat });
      expect(result.code).to.equal(1);
      expect(result.stderr).to.contain('is not a chat id');
    }
  });

  it('starts Alertmanager with the chat id, the heartbeat URL and the external URL in place', async () => {
    const result = await start('123:abc', { TELEGRAM_CHAT_ID: '-100987', HEARTBEAT_URL: 'https://hc-ping.com/abc' });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout)
      .to.contain(`--config.file=${join(dir, 'alertmanager.yml')}`)
      .and.contain('--web.external-url=http://localhost:9093');
    const config = parse(readFileSync(join(dir, 'alertmanager.yml'), 'utf8')) as {
      receivers: Array<{ name: string; telegram_configs?: Array<{ chat_id: number }>; webhook_configs?: Array<{ url: string }> }>;
    };
    expect(config.receivers.find((r) => r.telegram_configs)?.telegram_configs?.[0]?.chat_id).to.equal(-100987);
    expect(config.receivers.find((r) => r.name === 'heartbeat')?.webhook_configs?.[0]?.url).to.equal('https://hc-ping.com/abc');
  });
});

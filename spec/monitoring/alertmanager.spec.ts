import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runbookUrl } from '../../monitoring/prometheus/generator/rule.js';
import { startAlertWebhook, type AlertNotification, type AlertWebhook } from '../../scripts/alert-webhook.js';
import { MONITORING, writeAlertmanagerConfig } from '../../scripts/stack/configs.js';
import { startAlertmanager } from '../../scripts/stack/processes.js';
import { ALERTMANAGER_CONFIG, ROOT } from '../support/monitoring-files.js';
import { eventually } from '../support/prometheus-api.js';
import { run } from '../support/promtool.js';
import { getAlerts, metricSum, postAlerts } from './support/alertmanager-api.js';
import { startFakeBotApi, type FakeBotApi } from './support/fake-bot-api.js';

const TOKEN = '123456:test-token';
const TEMPLATES = join(MONITORING, 'alertmanager/templates/*.tmpl');

const botDown = {
  labels: { alertname: 'BotDown', job: 'dmarket-bot', instance: 'bot-a:8000', severity: 'critical' },
  annotations: {
    summary: 'DMarket bot is down',
    description: 'No data from bot-a:8000 for 1 minute; <script> & "quotes" stay text.',
    runbook_url: runbookUrl('BotDown'),
    dashboard_url: 'http://localhost:3000/d/dmarket-bot-overview',
  },
  generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up%3D%3D0&g0.tab=1',
};

/** The message as a Telegram user reads it: HTML-escaped values, one line per instance, absolute links. */
function expectedMessage(externalUrl: string): string {
  return [
    '🔥 <b>FIRING:1</b> <b>CRITICAL</b> <b>BotDown</b> · <code>dmarket-bot</code>',
    '',
    '• <code>bot-a:8000</code> DMarket bot is down',
    'No data from bot-a:8000 for 1 minute; &lt;script&gt; &amp; &#34;quotes&#34; stay text.',
    '',
    `<a href="${runbookUrl('BotDown')}">Runbook</a> · <a href="http://localhost:3000/d/dmarket-bot-overview">Dashboard</a> · ` +
      `<a href="http://prometheus.example:9090/graph?g0.expr=up%3D%3D0&amp;g0.tab=1">Source</a> · <a href="${externalUrl}/#/alerts">Alertmanager</a>`,
  ].join('\n');
}

describe('Alertmanager config and Telegram messages (real amtool and Alertmanager 0.25)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'dmbt-am-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the Telegram token from a file (bot_token_file, Alertmanager 0.26+) and compose pins such a version', () => {
    const text = readFileSync(ALERTMANAGER_CONFIG, 'utf8');
    const config = parse(text) as { receivers: Array<{ telegram_configs?: Array<Record<string, unknown>> }> };
    const telegram = config.receivers.flatMap((r) => r.telegram_configs ?? []);
    expect(telegram).to.have.length(1);
    expect(telegram[0]).to.include({
      bot_token_file: '/run/secrets/telegram_bot_token',
      parse_mode: 'HTML',
      message: '{{ template "telegram.message" . }}',
    });
    expect(telegram[0]).to.not.have.property('bot_token');
    const image =
      (parse(readFileSync(`${ROOT}docker-compose.yml`, 'utf8')) as { services: Record<string, { image?: string }> }).services[
        'alertmanager'
      ]?.image ?? '';
    const [major, minor] = (/:v(\d+)\.(\d+)\./.exec(image) ?? []).slice(1).map(Number);
    expect(major === 0 && (minor ?? 0) >= 26, image).to.equal(true);
  });

  it('amtool template render (as HTML, like Alertmanager for parse_mode HTML) gives the Telegram text: escaped values, a line per instance, resolved ones apart', async () => {
    const data = {
      receiver: 'telegram-and-webhook',
      status: 'firing',
      externalURL: 'http://am.example:9093',
      groupLabels: { alertname: 'HighErrorRate', job: 'dmarket-bot', severity: 'warning' },
      commonLabels: { alertname: 'HighErrorRate', job: 'dmarket-bot', severity: 'warning' },
      commonAnnotations: {},
      alerts: [
        {
          status: 'firing',
          labels: { instance: 'bot-a:8000' },
          annotations: { summary: 'Errors <high> & rising', description: 'd1', runbook_url: runbookUrl('HighErrorRate') },
          generatorURL: 'http://prom:9090/graph?g0.expr=x&g0.tab=1',
        },
        {
          status: 'firing',
          labels: { instance: 'bot-b:8000' },
          annotations: { summary: 'Errors on b', description: 'd2' },
          generatorURL: '',
        },
        { status: 'resolved', labels: { instance: 'bot-c:8000' }, annotations: { summary: 'Errors on c' }, generatorURL: '' },
      ],
    };
    writeFileSync(join(dir, 'data.json'), JSON.stringify(data));
    const result = await run('amtool', [
      'template',
      'render',
      `--template.glob=${TEMPLATES}`,
      '--template.type=html',
      '--template.text={{ template "telegram.message" . }}',
      `--template.data=${join(dir, 'data.json')}`,
    ]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.trimEnd()).to.equal(
      [
        '🔥 <b>FIRING:2</b> <b>WARNING</b> <b>HighErrorRate</b> · <code>dmarket-bot</code>',
        '',
        '• <code>bot-a:8000</code> Errors &lt;high&gt; &amp; rising',
        '• <code>bot-b:8000</code> Errors on b',
        '',
        'Resolved:',
        '• <code>bot-c:8000</code> Errors on c',
        '',
        `<a href="${runbookUrl('HighErrorRate')}">Runbook</a> · <a href="http://prom:9090/graph?g0.expr=x&amp;g0.tab=1">Source</a> · <a href="http://am.example:9093/#/alerts">Alertmanager</a>`,
      ].join('\n'),
    );
  });

  it('amtool check-config accepts alertmanager.yml as the installed Alertmanager reads it', async () => {
    const path = writeAlertmanagerConfig(dir, {
      webhookUrl: 'http://127.0.0.1:9/alerts',
      telegram: { apiUrl: 'http://127.0.0.1:9', token: TOKEN },
    });
    const result = await run('amtool', ['check-config', path]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.contain('3 receivers').and.contain('3 inhibit rules').and.contain('1 templates');
  });

  describe('a real Alertmanager with a fake Telegram Bot API on loopback', () => {
    let botApi: FakeBotApi;
    let webhook: AlertWebhook;
    let am: Awaited<ReturnType<typeof startAlertmanager>>;
    const hooks: AlertNotification[] = [];

    before(async () => {
      botApi = await startFakeBotApi(TOKEN);
      webhook = await startAlertWebhook({ onAlert: (n) => hooks.push(n) });
      const config = writeAlertmanagerConfig(dir, {
        webhookUrl: webhook.url,
        fast: true,
        telegram: { apiUrl: botApi.url, token: TOKEN, chatId: -1001 },
      });
      am = await startAlertmanager(config, dir);
    });
    after(async () => {
      await am?.stop();
      await Promise.all([botApi?.close(), webhook?.close()]);
    });

    it('sends the rendered HTML message to the chat', async () => {
      await postAlerts(am.url, [botDown]);
      const sent = () => botApi.sent.find((m) => m.method === 'sendMessage' && String(m.params['text']).includes('BotDown'));
      expect(await eventually(async () => sent() !== undefined, 30_000), am.output()).to.equal(true);
      const message = sent()?.params ?? {};
      expect(String(message['chat_id'])).to.equal('-1001');
      expect(message['parse_mode']).to.equal('HTML');
      expect(message['text']).to.equal(expectedMessage(am.url));
    });

    it('inhibits per instance: a dead replica mutes only its own alerts', async () => {
      const job = 'inhibit-test';
      const a = (alertname: string, severity: string, instance?: string) => ({
        labels: { alertname, job, severity, ...(instance ? { instance } : {}) },
        annotations: { summary: alertname },
      });
      await postAlerts(am.url, [
        a('BotDown', 'critical', 'bot-a:8000'),
        a('HighErrorRate', 'warning', 'bot-a:8000'),
        a('HighErrorRate', 'warning', 'bot-b:8000'),
        a('DMarketAuthFailures', 'critical', 'bot-b:8000'),
        a('DMarketAPIErrorBudgetBurn', 'critical'),
        a('DMarketAPIErrorBudgetBurn', 'warning'),
      ]);
      const state = async () => (await getAlerts(am.url)).filter((x) => x.labels['job'] === job);
      expect(await eventually(async () => (await state()).length === 6, 10_000)).to.equal(true);
      const key = (x: { labels: Record<string, string> }) =>
        `${x.labels['alertname']}/${x.labels['severity']}/${x.labels['instance'] ?? '-'}`;
      let inhibited: string[] = [];
      await eventually(async () => {
        inhibited = (await state())
          .filter((x) => x.status.inhibitedBy.length > 0)
          .map(key)
          .sort();
        return inhibited.length === 2;
      }, 10_000);
      expect(inhibited).to.deep.equal(['DMarketAPIErrorBudgetBurn/warning/-', 'HighErrorRate/warning/bot-a:8000']);
      const active = (await state())
        .filter((x) => x.status.state === 'active')
        .map(key)
        .sort();
      expect(active).to.deep.equal([
        'BotDown/critical/bot-a:8000',
        'DMarketAPIErrorBudgetBurn/critical/-',
        'DMarketAuthFailures/critical/bot-b:8000',
        'HighErrorRate/warning/bot-b:8000',
      ]);
    });
  });

  it('a wrong Telegram token shows up in alertmanager_notifications_failed_total (AlertmanagerNotificationsFailing)', async () => {
    const botApi = await startFakeBotApi(TOKEN);
    const webhook = await startAlertWebhook({ onAlert: () => undefined });
    const sub = mkdtempSync(join(dir, 'wrong-token-'));
    const config = writeAlertmanagerConfig(sub, {
      webhookUrl: webhook.url,
      fast: true,
      telegram: { apiUrl: botApi.url, token: '999:wrong' },
    });
    const am = await startAlertmanager(config, sub);
    try {
      await postAlerts(am.url, [botDown]);
      const failed = () => metricSum(am.url, 'alertmanager_notification_requests_failed_total', { integration: 'telegram' });
      expect(await eventually(async () => (await failed()) > 0, 30_000), am.output()).to.equal(true);
      expect(botApi.rejected).to.be.greaterThan(0);
      expect(botApi.sent).to.have.length(0);
    } finally {
      await am.stop();
      await Promise.all([botApi.close(), webhook.close()]);
    }
  });
});

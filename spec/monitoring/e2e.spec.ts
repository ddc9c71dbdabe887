import { expect } from 'chai';
import type { AlertNotification } from '../../scripts/alert-webhook.js';
import { startLocalStack, type LocalStack } from '../../scripts/stack/local-stack.js';
import { freePort } from '../../scripts/stack/processes.js';
import { panelQueries, resolveVariables } from '../support/dashboards.js';
import { runbookUrl } from '../../monitoring/prometheus/generator/rule.js';
import { allRules } from '../support/monitoring-files.js';
import { eventually, instantQuery, rangeQuery } from '../support/prometheus-api.js';

/**
 * Two demo bots, a real Prometheus (1 s scrapes and rule evaluation, the project's rules with
 * `for` shortened to 2 s) and a real Alertmanager (1 s grouping) whose receivers point at a
 * loopback webhook.
 */
describe('monitoring stack end to end (real prometheus and alertmanager)', function () {
  this.timeout(180_000);
  let stack: LocalStack;
  const notifications: AlertNotification[] = [];

  before(async () => {
    stack = await startLocalStack({
      botPorts: [await freePort(), await freePort()],
      scrapeInterval: '1s',
      forOverride: '2s',
      fastAlerts: true,
      onAlert: (n) => notifications.push(n),
    });
    const bothUp = await eventually(
      async () => (await instantQuery(stack.prometheusUrl, 'sum(up{job="dmarket-bot"})')).data?.result[0]?.value?.[1] === '2',
      30_000,
    );
    expect(bothUp, 'both bots scraped').to.equal(true);
  });

  after(() => stack?.stop());

  it('every recording and alert expression evaluates without error', async () => {
    for (const rule of allRules()) {
      const result = await instantQuery(stack.prometheusUrl, rule.expr);
      expect(result.status, `${rule.alert ?? rule.record}: ${result.error}`).to.equal('success');
    }
  });

  it('every dashboard panel query returns data from the demo', async () => {
    const queries = panelQueries();
    expect(queries.length).to.be.greaterThan(20);
    let empty: string[] = [];
    const ok = await eventually(async () => {
      empty = [];
      for (const q of queries) {
        const expr = resolveVariables(q.expr);
        const result = q.instant ? await instantQuery(stack.prometheusUrl, expr) : await rangeQuery(stack.prometheusUrl, expr);
        if (result.status !== 'success') throw new Error(`${q.dashboard} / ${q.panel}: ${result.error}`);
        if ((result.data?.result.length ?? 0) === 0) empty.push(`${q.dashboard} / ${q.panel}: ${expr}`);
      }
      return empty.length === 0;
    }, 90_000);
    expect(ok, `panels without data:\n${empty.join('\n')}`).to.equal(true);
  });

  it('pages nobody for the healthy demo bots: no critical alert fires (for shortened to 2 s)', async () => {
    const critical = await instantQuery(stack.prometheusUrl, 'ALERTS{alertstate="firing",severity="critical"}');
    expect(critical.status).to.equal('success');
    expect((critical.data?.result ?? []).map((r) => r.metric['alertname'])).to.deep.equal([]);
  });

  it('adds the two replicas up: sums over instances equal the per-instance series', async () => {
    const perInstance = await instantQuery(stack.prometheusUrl, 'sum by (instance) (dmarket_bot_commands_total{job="dmarket-bot"})');
    expect(perInstance.data?.result).to.have.length(2);
    const parts = (perInstance.data?.result ?? []).map((r) => Number(r.value?.[1]));
    const total = await instantQuery(stack.prometheusUrl, 'sum(dmarket_bot_commands_total{job="dmarket-bot"})');
    expect(Number(total.data?.result[0]?.value?.[1])).to.be.closeTo(
      parts.reduce((a, b) => a + b, 0),
      1e-9,
    );
  });

  it('the always-firing Watchdog reaches the heartbeat receiver, and only it', async () => {
    const heartbeat = () => notifications.filter((n) => n.alerts.some((a) => a.labels['alertname'] === 'Watchdog'));
    expect(await eventually(async () => heartbeat().length > 0, 60_000), 'Watchdog notification').to.equal(true);
    expect(new Set(heartbeat().map((n) => n.receiver))).to.deep.equal(new Set(['heartbeat']));
  });

  it('delivers BotDown to the webhook when a bot stops, and its resolution when it is back', async () => {
    const stoppedInstance = new URL(stack.botUrls[1] as string).host;
    const botDown = (status: 'firing' | 'resolved') => () =>
      Promise.resolve(
        notifications.some((n) =>
          n.alerts.some((a) => a.status === status && a.labels['alertname'] === 'BotDown' && a.labels['instance'] === stoppedInstance),
        ),
      );
    await stack.stopBot(1);
    expect(await eventually(botDown('firing'), 60_000), 'BotDown firing notification').to.equal(true);
    const firing = notifications.flatMap((n) => n.alerts).find((a) => a.labels['alertname'] === 'BotDown' && a.status === 'firing');
    expect(firing?.labels).to.include({ job: 'dmarket-bot', severity: 'critical', instance: stoppedInstance });
    expect(firing?.annotations['runbook_url']).to.equal(runbookUrl('BotDown'));
    // Prometheus runs with --web.external-url, so the source link is one a person can open.
    expect((firing as { generatorURL?: string } | undefined)?.generatorURL).to.match(new RegExp(`^${stack.prometheusUrl}/graph\\?`));

    await stack.startBot(1);
    expect(await eventually(botDown('resolved'), 60_000), 'BotDown resolved notification').to.equal(true);
  });
});

import { expect } from 'chai';
import type { AlertNotification } from '../../scripts/alert-webhook.js';
import { startLocalStack, type LocalStack } from '../../scripts/stack/local-stack.js';
import { freePort } from '../../scripts/stack/processes.js';
import { eventually, instantQuery } from '../support/prometheus-api.js';

/**
 * The worst real outage end to end: the demo with `--scenario revoked-key` (every signed
 * DMarket call answers 401), a real Prometheus with the repository's rules (`for` shortened to
 * 2 s) and a real Alertmanager. DMarketAuthFailures must page for that instance; 401s are not
 * availability errors, so the availability SLO must not page too.
 */
describe('revoked DMarket key end to end (demo scenario, real prometheus and alertmanager)', function () {
  this.timeout(150_000);
  let stack: LocalStack;
  const notifications: AlertNotification[] = [];

  before(async () => {
    stack = await startLocalStack({
      botPorts: [await freePort()],
      scrapeInterval: '1s',
      forOverride: '2s',
      fastAlerts: true,
      botArgs: ['--scenario', 'revoked-key'],
      onAlert: (n) => notifications.push(n),
    });
  });
  after(() => stack?.stop());

  it('pages DMarketAuthFailures for the bot instance, and not the availability SLO', async () => {
    const instance = new URL(stack.botUrls[0] as string).host;
    const paged = () =>
      notifications.flatMap((n) => n.alerts).find((a) => a.status === 'firing' && a.labels['alertname'] === 'DMarketAuthFailures');
    expect(await eventually(async () => paged() !== undefined, 90_000), 'DMarketAuthFailures notification').to.equal(true);
    expect(paged()?.labels).to.include({ severity: 'critical', job: 'dmarket-bot', instance });
    const slo = await instantQuery(stack.prometheusUrl, 'ALERTS{alertname="DMarketAPIErrorBudgetBurn",severity="critical"}');
    expect(slo.data?.result ?? []).to.deep.equal([]);
  });
});

/**
 * `npm run stack`: the demo bot, Prometheus and Alertmanager on loopback with the repository's
 * configs, no Docker needed. Alerts are printed by the webhook sink. Ctrl-C stops everything.
 * Ports: DEMO_PORT (8000), PROMETHEUS_PORT (9090), ALERTMANAGER_PORT (9093).
 */
import { startLocalStack } from './stack/local-stack.js';
import { alertsUrl, ensurePortFree } from './stack/ports.js';

const ports = {
  demo: Number(process.env['DEMO_PORT'] ?? 8000),
  prometheus: Number(process.env['PROMETHEUS_PORT'] ?? 9090),
  alertmanager: Number(process.env['ALERTMANAGER_PORT'] ?? 9093),
};

try {
  // Up front, so a Debian-installed Prometheus or Alertmanager service on :9090/:9093 is named.
  await ensurePortFree({ name: 'demo bot', port: ports.demo, envVar: 'DEMO_PORT' });
  await ensurePortFree({ name: 'prometheus', port: ports.prometheus, envVar: 'PROMETHEUS_PORT' });
  await ensurePortFree({ name: 'alertmanager', port: ports.alertmanager, envVar: 'ALERTMANAGER_PORT' });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const stack = await startLocalStack({
  botPorts: [ports.demo],
  prometheusPort: ports.prometheus,
  alertmanagerPort: ports.alertmanager,
  onAlert: (n) => {
    // The Watchdog's heartbeat arrives every minute by design; it is not news.
    if (n.receiver === 'heartbeat') return;
    for (const a of n.alerts) console.log(`alert ${a.status}: ${a.labels['alertname']} ${a.annotations['summary'] ?? ''}`);
  },
}).catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});

console.log(`bot metrics:  ${stack.botUrls[0]}/metrics`);
console.log(`prometheus:   ${stack.prometheusUrl}  (alerts: ${await alertsUrl(stack.prometheusUrl)})`);
console.log(`alertmanager: ${stack.alertmanagerUrl}`);
console.log('Ports: DEMO_PORT, PROMETHEUS_PORT, ALERTMANAGER_PORT (e.g. PROMETHEUS_PORT=9091 npm run stack).');
console.log('Grafana needs Docker: docker compose up grafana. Ctrl-C stops the stack.');

const stop = (): void => void stack.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

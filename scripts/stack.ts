/**
 * `npm run stack`: the demo bot, Prometheus and Alertmanager on loopback with the repository's
 * configs, no Docker needed. Alerts are printed by the webhook sink. Ctrl-C stops everything.
 */
import { startLocalStack } from './stack/local-stack.js';

const stack = await startLocalStack({
  botPorts: [Number(process.env['DEMO_PORT'] ?? 8000)],
  prometheusPort: Number(process.env['PROMETHEUS_PORT'] ?? 9090),
  alertmanagerPort: Number(process.env['ALERTMANAGER_PORT'] ?? 9093),
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
console.log(`prometheus:   ${stack.prometheusUrl}  (alerts: ${stack.prometheusUrl}/alerts)`);
console.log(`alertmanager: ${stack.alertmanagerUrl}`);
console.log('Grafana needs Docker: docker compose up grafana. Ctrl-C stops the stack.');

const stop = (): void => void stack.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
